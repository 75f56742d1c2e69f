/**
 * @module sync/turns
 * The per-sheet serialisation of a room's writes, as a promise chain (no separate mutex):
 * each step runs after every step queued before it, so stored changes are applied in the
 * order they were appended, and a server change sees the doc with every earlier change in it.
 * `inFlight` counts queued steps: while it is above zero a change may not skip the queue
 * (the room's in-turn fast path) and no snapshot is taken.
 *
 * Not for: what a step does (`Room.ts`).
 */
export class Turns {
  private chain: Promise<void> = Promise.resolve()
  private queued = 0

  /** `after`: called once each step is done (the room checks whether a snapshot is due). */
  constructor(private readonly after: () => void) {}

  get inFlight(): number {
    return this.queued
  }

  /** Run `step` after every step queued before it; rejects with what it threw. */
  run(step: () => Promise<void>): Promise<void> {
    this.queued++
    const run = this.chain.then(async () => {
      try {
        await step()
      } finally {
        this.queued--
        this.after()
      }
    })
    this.chain = run.catch(() => {})
    return run
  }

  /** Resolves when every step queued so far is done. */
  async settled(): Promise<void> {
    while (this.queued > 0) await this.chain
  }
}
