/**
 * @module sync/limits
 * Limits that keep one noisy or hostile sync client from hurting the others
 * (docs/RELIABILITY.md), both closing with schema's `overLimit`:
 * - connections per user (across all sheets): one more is closed;
 * - document updates per connection (sync step 2 + update), a token bucket: a client that
 *   floods is closed. `overLimit` is in y-websocket's "try again later" range, so the
 *   stock provider reconnects with backoff and resends what the server lacks through the
 *   normal sync handshake — the limit slows a client down, it never loses its edits;
 * - awareness updates per connection, a token bucket: extra ones are dropped (awareness is
 *   ephemeral: the next one carries the whole state again);
 * - requests the server answers with a lot per connection (sync step 1 — answered with the
 *   whole document the client lacks — and query awareness), a token bucket like updates: a
 *   client that floods them is closed. A stock provider sends one step 1 per connect (and
 *   one per `resyncInterval`, off by default); 1,500 four-byte step 1 frames once queued
 *   21.9 MB of replies (docs/RELIABILITY.md §3). What a client does not read is capped separately
 *   (`roomConnections.ts`, `backlog`).
 * The message SIZE limit stays in `Room.ts` (`tooLarge`). Defaults are far above what a person
 * typing, pasting or reconnecting produces (the chaos suite's bots write ~60 updates/s).
 *
 * Not for: authentication (routes/sync.ts) or what a connection may write (Room.ts).
 */
import { syncClose } from '@taizhang/schema'
import type { Connection, SyncSocket } from './Room'

export interface SyncLimits {
  /** Open sync connections one user may hold at once. */
  connectionsPerUser: number
  /** Sustained document updates per second per connection… */
  updatesPerSecond: number
  /** …and the burst allowed on top (a reconnect flushing queued edits). */
  updateBurst: number
  awarenessPerSecond: number
  awarenessBurst: number
  /** Sync step 1 and query-awareness frames per second per connection… */
  requestsPerSecond: number
  /** …and the burst on top. */
  requestBurst: number
}

export const DEFAULT_SYNC_LIMITS: SyncLimits = {
  connectionsPerUser: 20,
  updatesPerSecond: 200,
  updateBurst: 1000,
  awarenessPerSecond: 20,
  awarenessBurst: 60,
  requestsPerSecond: 2,
  requestBurst: 20,
}

/** Classic token bucket; `now` is injectable for tests. */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst
    this.last = now()
  }

  take(): boolean {
    const t = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond)
    this.last = t
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}

type Kind = 'update' | 'awareness' | 'request' | 'other'

/**
 * The y-websocket message kind from a frame's first bytes (0 = sync: 0 step 1, 1 step 2,
 * 2 update; 1 = awareness; 3 = query awareness).
 */
function kindOf(data: Uint8Array | ArrayBuffer | string): Kind {
  if (typeof data === 'string') return 'other'
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data)
  if (bytes[0] === 0 && (bytes[1] === 1 || bytes[1] === 2)) return 'update'
  if (bytes[0] === 0 && bytes[1] === 0) return 'request'
  if (bytes[0] === 1) return 'awareness'
  if (bytes[0] === 3) return 'request'
  return 'other'
}

/** Counts connections per user and wraps each connection with its rate limits. */
export class SyncLimiter {
  readonly limits: SyncLimits
  private readonly perUser = new Map<string, number>()

  constructor(limits: Partial<SyncLimits> = {}) {
    this.limits = { ...DEFAULT_SYNC_LIMITS, ...limits }
  }

  connections(userId: string): number {
    return this.perUser.get(userId) ?? 0
  }

  /**
   * Admit a new socket of `userId`: null (and the socket closed) when the user holds too
   * many; else `wrap` puts the rate limits around the room's connection.
   */
  admit(socket: SyncSocket, userId: string): { wrap(inner: Connection): Connection } | null {
    const open = this.connections(userId)
    if (open >= this.limits.connectionsPerUser) {
      socket.close(
        ...syncClose('overLimit', `同时打开的连接超过 ${this.limits.connectionsPerUser} 个`),
      )
      return null
    }
    this.perUser.set(userId, open + 1)
    let released = false
    const release = () => {
      if (released) return
      released = true
      const left = this.connections(userId) - 1
      if (left > 0) this.perUser.set(userId, left)
      else this.perUser.delete(userId)
    }
    const updates = new TokenBucket(this.limits.updatesPerSecond, this.limits.updateBurst)
    const awareness = new TokenBucket(this.limits.awarenessPerSecond, this.limits.awarenessBurst)
    const requests = new TokenBucket(this.limits.requestsPerSecond, this.limits.requestBurst)
    return {
      wrap: (inner) => {
        let over = false
        return {
          receive(data) {
            if (over) return
            const kind = kindOf(data)
            if (kind === 'update' && !updates.take()) {
              over = true
              socket.close(...syncClose('overLimit', '修改过于频繁'))
              return
            }
            if (kind === 'request' && !requests.take()) {
              over = true
              socket.close(...syncClose('overLimit', '同步请求过于频繁'))
              return
            }
            if (kind === 'awareness' && !awareness.take()) return
            inner.receive(data)
          },
          closed() {
            release()
            inner.closed()
          },
        }
      },
    }
  }
}
