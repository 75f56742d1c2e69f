/**
 * @module storage/sqlite/groupCommit
 * Group commit: the appends gathered since the last commit go into the `updates` table in
 * one transaction (one INSERT is its own transaction, without BEGIN/COMMIT around it), so a
 * flood of small edits costs a few commits, not one each. Commits are numbered; the WAL
 * flush (`walFlush.ts`) and the append journal count in those numbers.
 *
 * An append acknowledged already (in the journal) that fails to commit stays pending, for
 * the next commit, and the caller of `commit` gets the error. Without a journal (an
 * in-memory database) nobody was told yet: the appends of one event-loop turn are committed
 * together before their promises resolve, and a failed batch rejects them (their seqs stay
 * unused: seqs only ever increase).
 *
 * Not for: assigning seqs (`SqliteDocStore.ts`) or durability (`walFlush.ts`).
 */
import type { Database } from 'better-sqlite3'
import { storeError } from './storeError'

interface PendingAppend {
  sheetId: string
  seq: number
  userId: string | null
  at: string
  data: Uint8Array
  /** Who waits for the commit (an append without a journal); null: acknowledged already. */
  waiting: { resolve: (seq: number) => void; reject: (error: unknown) => void } | null
}

export interface GroupCommitOptions {
  /** Appends were acknowledged before their commit (the journal): keep them on failure. */
  acknowledged: boolean
  /** Commit number `commit` is made. */
  committed: (commit: number) => void
}

export class GroupCommit {
  /** Commits (transactions) made so far. */
  commits = 0
  private pending: PendingAppend[] = []
  private scheduled = false
  private readonly write: (batch: PendingAppend[]) => void

  constructor(
    db: Database,
    private readonly options: GroupCommitOptions,
  ) {
    const insert = db.prepare<[string, number, string | null, string, Uint8Array]>(
      'INSERT INTO updates (sheet_id, seq, user_id, at, data) VALUES (?, ?, ?, ?, ?)',
    )
    const writeMany = db.transaction((batch: PendingAppend[]) => {
      for (const p of batch) insert.run(p.sheetId, p.seq, p.userId, p.at, p.data)
    })
    this.write = (batch) => {
      if (batch.length > 1) return writeMany(batch)
      const p = batch[0]!
      insert.run(p.sheetId, p.seq, p.userId, p.at, p.data)
    }
  }

  get hasPending(): boolean {
    return this.pending.length > 0
  }

  /** An append acknowledged already: committed with the next batch. */
  add(sheetId: string, seq: number, userId: string | null, at: Date, data: Uint8Array): void {
    this.pending.push({ sheetId, seq, userId, at: at.toISOString(), data, waiting: null })
  }

  /** An append nobody was told of: resolves with its seq once committed (in this turn). */
  addWaiting(
    sheetId: string,
    seq: number,
    userId: string | null,
    at: Date,
    data: Uint8Array,
  ): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const waiting = { resolve, reject }
      this.pending.push({ sheetId, seq, userId, at: at.toISOString(), data, waiting })
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => this.commit())
      }
    })
  }

  /** Commit every pending append in one transaction (throws when acknowledged ones fail). */
  commit(): void {
    this.scheduled = false
    if (this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    try {
      this.write(batch)
    } catch (error) {
      if (this.options.acknowledged) {
        this.pending = batch.concat(this.pending)
        throw storeError('写入数据库失败', error)
      }
      for (const p of batch) p.waiting?.reject(error)
      return
    }
    this.commits++
    for (const p of batch) p.waiting?.resolve(p.seq)
    this.options.committed(this.commits)
  }
}
