/**
 * @module sync/roomSnapshots
 * One room's snapshots: which stored seq the doc and the last snapshot reach, the counters
 * `compactionPolicy.ts` decides on, the quiet-time timer, and taking a snapshot.
 *
 * A snapshot is only correct while no write is in flight: then the doc holds exactly the
 * updates with seq <= `lastSeq` (a server change appends when its turn comes, so with writes
 * in flight a higher seq may be applied before a lower one). The snapshot's seq moves when it
 * is taken, not when the store has written it: edits applied in the same turn (several frames
 * of one socket read) must not each encode the whole sheet again. A snapshot the store
 * refuses moves it back, so the next chance takes those updates again.
 *
 * Not for: when a snapshot is due (`compactionPolicy.ts`) or how it is stored (the DocStore).
 */
import type { LoadedDoc } from '../storage/DocStore'
import { compactionDue } from './compactionPolicy'

export interface RoomSnapshotsOptions {
  compactEvery: number
  compactAfterMs: number
  /** A snapshot must wait: a write is in flight, or the doc is not loaded or is destroyed. */
  busy: () => boolean
  /** Resolves when no write is in flight. */
  settled: () => Promise<void>
  /** The doc's whole state; null: it would not load (`loadableState.ts`), keep the log. */
  encode: () => Uint8Array | null
  /** Store `state` as the snapshot of seqs 1..uptoSeq. */
  write: (state: Uint8Array, uptoSeq: number) => Promise<void>
  /** A failed snapshot nobody waits for. */
  onError: (error: unknown) => void
}

export class RoomSnapshots {
  /** The last stored seq the doc holds. */
  private lastSeq = 0
  /** The last seq in the stored snapshot, or in the one being written. */
  private snapshotSeq = 0
  private snapshotBytes = 0
  private bytesSinceSnapshot = 0
  /** When the last write was stored, or the doc loaded (ms). */
  private lastWriteAt = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private writing: Promise<void> = Promise.resolve()

  constructor(private readonly options: RoomSnapshotsOptions) {}

  /** The stored state is in the doc; returns the last seq it holds. */
  loaded({ snapshot, uptoSeq, updates }: LoadedDoc): number {
    this.lastSeq = updates.length ? updates[updates.length - 1]!.seq : uptoSeq
    this.snapshotSeq = uptoSeq
    this.snapshotBytes = snapshot?.byteLength ?? 0
    for (const u of updates) this.bytesSinceSnapshot += u.data.byteLength
    // the quiet time counts from the load: a turn that stores nothing right after it (a server
    // change that changed nothing, a refused append) must not snapshot a sheet at once
    this.lastWriteAt = Date.now()
    return this.lastSeq
  }

  /** A change of `bytes` was stored with `seq` and is in the doc. */
  stored(seq: number, bytes: number): void {
    this.lastSeq = Math.max(this.lastSeq, seq)
    this.bytesSinceSnapshot += bytes
    this.lastWriteAt = Date.now()
  }

  /** The writes are done: snapshot now if one is due, else arm the quiet-time timer. */
  check(): void {
    if (this.options.busy()) return
    const due = this.due()
    if (due === 0) this.now().catch(this.options.onError)
    else if (due !== null && !this.timer) this.wait(due)
  }

  /** Snapshot what the doc holds now, if the log has grown since (not while writes are in flight). */
  now(): Promise<void> {
    if (this.options.busy()) return Promise.resolve()
    // the snapshot being written covers everything applied: wait for it
    if (this.lastSeq <= this.snapshotSeq) return this.writing
    this.stopTimer()
    const upto = this.lastSeq
    const before = this.snapshotSeq
    this.snapshotSeq = upto
    const state = this.options.encode()
    this.bytesSinceSnapshot = 0
    if (state === null) {
      // the log stays as it is (it loads); the next try comes after the next compactEvery
      // updates or quiet time, not on every edit
      this.options.onError(new Error(`快照无法加载，保留更新日志（至第 ${upto} 条）`))
      return this.writing
    }
    this.snapshotBytes = state.byteLength
    this.writing = this.options.write(state, upto).catch((error) => {
      // not stored: the next snapshot takes these updates again
      if (this.snapshotSeq === upto) this.snapshotSeq = before
      throw error
    })
    return this.writing
  }

  stopTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private due(): number | null {
    return compactionDue({
      updatesSinceSnapshot: this.lastSeq - this.snapshotSeq,
      sheetBytes: this.snapshotBytes + this.bytesSinceSnapshot,
      msSinceLastWrite: Date.now() - this.lastWriteAt,
      compactEvery: this.options.compactEvery,
      compactAfterMs: this.options.compactAfterMs,
    })
  }

  /** Look again in `ms` (the timer is moved when it fires, not on every edit). */
  private wait(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null
      const due = this.due()
      if (due === null) return
      if (due > 0) return this.wait(due)
      // busy when the timer fired: try again once the current writes are done
      if (this.options.busy()) {
        void this.options.settled().then(() => {
          if (!this.timer) this.check()
        })
        return
      }
      this.now().catch(this.options.onError)
    }, ms)
    this.timer.unref?.()
  }
}
