/**
 * @module storage/sqlite/walFlush
 * Making commits survive a power cut: one `fdatasync` of the WAL file, on libuv's thread
 * pool, covers every commit made before it (the connection commits with `synchronous =
 * NORMAL`, which does not flush). A flush runs at once when someone waits in `durable()` —
 * the web app asking whether an edit is saved — together with whatever else is asked in the
 * same turn, and otherwise `delayMs` after the first commit or append not yet flushed (like
 * Redis's `appendfsync everysec`). One flush at a time; what was committed meanwhile goes
 * with the next one.
 *
 * The WAL file is opened here only to flush it: flushing a file through any descriptor
 * writes all of its dirty pages. (Never the database or `-shm` file: closing a descriptor
 * drops the process's POSIX locks on that file, and SQLite locks those two.) SQLite removes
 * the WAL file only when the last connection to the database closes, and the store's stays
 * open as long as this object, so one descriptor is enough.
 *
 * A flush that fails is final: the kernel may have dropped the pages, so from then on the
 * store accepts nothing (`failure`). A commit that fails (before the flush) is retried.
 *
 * Not for: what is committed (`groupCommit.ts`) or moving the WAL into the database
 * (`walCheckpointer.ts`).
 */
import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs'
import { storeError } from './storeError'

/** A `durable()` call waiting for the flush that covers commit number `commit`. */
interface Waiter {
  commit: number
  resolve: () => void
  reject: (error: unknown) => void
}

export interface WalFlushOptions {
  /** The WAL file; null when every commit is durable by itself (in memory, or no WAL). */
  walPath: string | null
  /** How long an unasked flush waits after the first commit or append not yet flushed. */
  delayMs: number
  /** Commits made so far. */
  commits: () => number
  /** Whether appends are waiting to be committed. */
  pending: () => boolean
  /** Commit what is pending (throws when that fails). */
  commit: () => void
  /** Every commit up to `commit` survives a power cut now. */
  flushed: (commit: number) => void
}

export class WalFlush {
  /** Flushes done (the group commit: far fewer than appends under load). */
  count = 0
  /** A failed flush: the kernel may have dropped the pages, so nothing more is accepted. */
  failure: Error | null = null
  private flushedCommits = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  /** The timer is not brought forward when asked (it is at once, or a back-off). */
  private firm = false
  private flushing = false
  private waiters: Waiter[] = []
  private fd: number | null = null

  constructor(private readonly options: WalFlushOptions) {}

  /** Resolves when every commit made so far is flushed (commit what is pending first). */
  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    const commits = this.options.commits()
    if (this.flushedCommits >= commits) return Promise.resolve()
    return new Promise((resolve, reject) => {
      this.waiters.push({ commit: commits, resolve, reject })
      this.schedule()
    })
  }

  /** Flush the WAL now, in this thread (at start, before anything is accepted). */
  flushNow(): void {
    fdatasyncSync(this.file())
  }

  /** There is something to flush: flush at once if asked, else within `delayMs`. */
  schedule(): void {
    if (this.flushing) return
    if (!this.options.pending() && this.flushedCommits >= this.options.commits()) return
    if (this.options.walPath === null) {
      // the commit itself was durable (in-memory, or synchronous = FULL without a WAL)
      this.done(this.options.commits(), null)
      return
    }
    // someone waits for the flush (the web app asking whether an edit is saved): flush now,
    // together with whatever else is asked in this turn of the event loop
    const asked = this.waiters.length > 0
    if (this.timer) {
      if (!asked || this.firm) return
      clearTimeout(this.timer)
    }
    this.firm = asked
    this.timer = setTimeout(() => this.flush(), asked ? 0 : this.options.delayMs)
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer)
    if (this.fd !== null) closeSync(this.fd)
    this.fd = null
  }

  private flush(): void {
    this.timer = null
    this.flushing = true
    try {
      this.options.commit()
    } catch (error) {
      return this.commitFailed(error)
    }
    const upto = this.options.commits()
    if (this.flushedCommits >= upto) {
      this.flushing = false
      return
    }
    let fd: number
    try {
      fd = this.file()
    } catch (error) {
      return this.done(upto, error)
    }
    fdatasync(fd, (error) => this.done(upto, error))
  }

  private file(): number {
    this.fd ??= openSync(this.options.walPath!, 'r+')
    return this.fd
  }

  private done(upto: number, error: unknown): void {
    this.flushing = false
    if (error) {
      this.failure = storeError('写入磁盘失败', error)
      for (const w of this.waiters) w.reject(this.failure)
      this.waiters = []
      return
    }
    this.count++
    this.flushedCommits = Math.max(this.flushedCommits, upto)
    this.options.flushed(this.flushedCommits)
    const waiting: Waiter[] = []
    for (const w of this.waiters) {
      if (w.commit <= this.flushedCommits) w.resolve()
      else waiting.push(w)
    }
    this.waiters = waiting
    this.schedule()
  }

  /** The commit before the flush failed (its appends stay pending): tell the waiters, retry. */
  private commitFailed(error: unknown): void {
    this.flushing = false
    for (const w of this.waiters) w.reject(error)
    this.waiters = []
    this.firm = true
    this.timer = setTimeout(() => this.flush(), Math.max(this.options.delayMs, 1000))
  }
}
