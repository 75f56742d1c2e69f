/**
 * @module auth/throttle
 * Login throttling per username AND per address (SPEC §6.3): after `maxFailures`
 * failed logins within `windowMs` for a username (or `maxFailures × addressFactor`
 * from one address, which catches one machine trying many usernames), further
 * attempts are refused with 429 and `Retry-After` until the oldest failure leaves the
 * window. A successful login clears its username's failures, not its address's, so a
 * valid account cannot be used to reset an address that is guessing others.
 * In memory: a restart clears it, which costs an attacker a restart per window.
 */

export interface ThrottleOptions {
  maxFailures?: number
  windowMs?: number
  addressFactor?: number
  now?: () => number
}

export class LoginThrottle {
  private readonly byUser = new Map<string, number[]>()
  private readonly byAddress = new Map<string, number[]>()
  private readonly maxFailures: number
  private readonly windowMs: number
  private readonly addressFactor: number
  private readonly now: () => number

  constructor({
    maxFailures = 5,
    windowMs = 15 * 60_000,
    addressFactor = 4,
    now = Date.now,
  }: ThrottleOptions = {}) {
    this.maxFailures = maxFailures
    this.windowMs = windowMs
    this.addressFactor = addressFactor
    this.now = now
  }

  /** Seconds to wait before another attempt is allowed, or 0 when allowed now. */
  retryAfter(username: string, address: string): number {
    const t = this.now()
    const wait = Math.max(
      this.waitFor(this.byUser, username.toLowerCase(), this.maxFailures, t),
      this.waitFor(this.byAddress, address, this.maxFailures * this.addressFactor, t),
    )
    return Math.ceil(wait / 1000)
  }

  recordFailure(username: string, address: string): void {
    const t = this.now()
    push(this.byUser, username.toLowerCase(), t)
    push(this.byAddress, address, t)
    if (this.byUser.size + this.byAddress.size > 10_000) this.sweep(t)
  }

  recordSuccess(username: string): void {
    this.byUser.delete(username.toLowerCase())
  }

  private waitFor(map: Map<string, number[]>, key: string, max: number, t: number): number {
    const list = map.get(key)
    if (!list) return 0
    while (list.length && list[0]! <= t - this.windowMs) list.shift()
    if (list.length === 0) map.delete(key)
    if (list.length < max) return 0
    // allowed again when enough of the oldest failures have left the window
    return list[list.length - max]! + this.windowMs - t
  }

  private sweep(t: number) {
    for (const map of [this.byUser, this.byAddress]) {
      for (const [key, list] of map) {
        if (!list.length || list[list.length - 1]! <= t - this.windowMs) map.delete(key)
      }
    }
  }
}

function push(map: Map<string, number[]>, key: string, t: number) {
  const list = map.get(key)
  if (list) list.push(t)
  else map.set(key, [t])
}
