/**
 * @module http/heavyLimit
 * A rate limit per user on the GET routes that cost the server far more than they cost the
 * caller (docs/RELIABILITY.md §3): exports (xlsx/pdf/csv/docx of a sheet, and of a consolidation), the
 * consolidation itself and its drill-down, a cell's history and `rows?at=`. One token
 * bucket per user shared by all of them: `heavyRequestsPerMinute` (default 60,
 * `TAIZHANG_HEAVY_REQUESTS_PER_MINUTE`) with as much again as a burst. Past it: 429 with
 * `Retry-After` and a Chinese message. A person clicking 导出 never meets it; a script
 * looping over exports is slowed to the rate.
 *
 * Not for: login throttling (`auth/throttle.ts`) or sync limits (`sync/limits.ts`).
 */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './context'
import type { AppDeps } from './deps'
import { ApiError } from './errors'
import { TokenBucket } from '../sync/limits'

export const DEFAULT_HEAVY_REQUESTS_PER_MINUTE = 60

/** Idle users' buckets are forgotten once this many are kept (a full bucket is the default). */
const MAX_KEPT = 10_000

class HeavyLimiter {
  private readonly buckets = new Map<string, { bucket: TokenBucket; used: number }>()

  constructor(private readonly perMinute: number) {}

  take(userId: string): boolean {
    let entry = this.buckets.get(userId)
    const now = Date.now()
    if (!entry) {
      if (this.buckets.size >= MAX_KEPT) this.forgetIdle(now)
      entry = { bucket: new TokenBucket(this.perMinute / 60, this.perMinute), used: now }
      this.buckets.set(userId, entry)
    }
    entry.used = now
    return entry.bucket.take()
  }

  /** Seconds until one more request is allowed. */
  get retryAfter(): number {
    return Math.max(1, Math.ceil(60 / this.perMinute))
  }

  private forgetIdle(now: number): void {
    // a bucket unused for a minute has refilled completely: forgetting it changes nothing
    for (const [id, entry] of this.buckets) if (now - entry.used > 60_000) this.buckets.delete(id)
    if (this.buckets.size >= MAX_KEPT) this.buckets.clear()
  }
}

const limiters = new WeakMap<AppDeps, HeavyLimiter>()

/**
 * The middleware for one heavy route (after `requireAuth`); every route built from the
 * same deps shares the users' buckets. `when`: only requests it returns true for count
 * (`rows` is heavy only with `?at=`).
 */
export function heavyLimit(
  deps: AppDeps,
  when: (query: (name: string) => string | undefined) => boolean = () => true,
): MiddlewareHandler<AppEnv> {
  let limiter = limiters.get(deps)
  if (!limiter) {
    limiter = new HeavyLimiter(deps.heavyRequestsPerMinute ?? DEFAULT_HEAVY_REQUESTS_PER_MINUTE)
    limiters.set(deps, limiter)
  }
  const shared = limiter
  return async (c, next) => {
    if (when((name) => c.req.query(name)) && !shared.take(c.get('user').id)) {
      const seconds = shared.retryAfter
      throw new ApiError(
        429,
        'rate-limited',
        `导出、汇总和历史查询过于频繁，请 ${seconds} 秒后再试`,
        {},
        { 'Retry-After': String(seconds) },
      )
    }
    await next()
  }
}
