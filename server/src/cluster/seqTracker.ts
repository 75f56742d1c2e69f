/**
 * @module cluster/seqTracker
 * Which stored updates (by seq) a node's copy of one sheet already holds: everything up to
 * `contiguous`, plus the seqs seen above it (they arrive out of order from several nodes).
 * A seq missing below the highest one seen is a gap the node fills from the log.
 * Not for: fetching or applying anything (`ClusterSync.ts`).
 */
export class SeqTracker {
  private upTo = 0
  private readonly above = new Set<number>()

  /** Every seq <= this one is held. */
  get contiguous(): number {
    return this.upTo
  }

  has(seq: number): boolean {
    return seq <= this.upTo || this.above.has(seq)
  }

  /** Everything up to `seq` is held (a load from the store). */
  holdUpTo(seq: number): void {
    if (seq <= this.upTo) return
    this.upTo = seq
    for (const s of this.above) if (s <= seq) this.above.delete(s)
    this.advance()
  }

  /** One more seq is held. */
  hold(seq: number): void {
    if (seq <= this.upTo) return
    this.above.add(seq)
    this.advance()
  }

  private advance(): void {
    while (this.above.delete(this.upTo + 1)) this.upTo++
  }
}
