/**
 * @module auth/loginGate
 * Bounds what password checks may cost at once (docs/RELIABILITY.md §4): each scrypt check holds
 * 16 MiB and ~0.25 s of a libuv thread (`auth/passwords`), and an attacker needs no account
 * to ask for one (an unknown username is checked against a dummy hash, as slowly). So at
 * most `concurrency` checks run at a time (default one per two cores), at most `queue` more
 * wait, and any further login is refused at once with 503 + `Retry-After` — a flood then
 * costs a fixed amount of memory, and the threads that serve files and the database stay
 * free. Throttling of guesses per username and address is `auth/throttle`, before this.
 */
import { availableParallelism } from 'node:os'

export class LoginGate {
  private running = 0
  private readonly waiting: (() => void)[] = []

  constructor(
    readonly concurrency = Math.max(1, Math.floor(availableParallelism() / 2)),
    readonly queue = 16,
  ) {}

  /** Runs `check` when a slot is free; null (without running it) when the queue is full. */
  async run<T>(check: () => Promise<T>): Promise<{ value: T } | null> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queue) return null
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    } else this.running++
    try {
      return { value: await check() }
    } finally {
      // hand the slot straight to the next waiter (running stays the same), else free it
      const next = this.waiting.shift()
      if (next) next()
      else this.running--
    }
  }
}
