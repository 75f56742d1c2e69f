/**
 * @module storage/sqlite/SqliteDocStore
 * The `DocStore` on SQLite: the `updates` and `snapshots` tables of `migrations.ts`, in the
 * server's database file (WAL mode, opened by `db.ts`).
 *
 * Durability comes in two steps, so the relay never waits for SQLite or the disk:
 * 1. `append` resolves (`appendNow` returns) once the update is written to the append journal
 *    (`appendJournal.ts`): one `write()` of a few microseconds (a SQLite commit costs about
 *    thirty), after which a killed or crashed server process cannot lose it; the next start
 *    imports what a killed one left.
 * 2. At once when someone waits in `durable()` — the web app's "saved" (the sheet's state
 *    vector, `routes/stateVector.ts`), asked 250 ms after each edit — and otherwise within
 *    `syncDelayMs` (default 1 s), everything journaled meanwhile is INSERTed in one
 *    transaction (`groupCommit.ts`), one `fdatasync` of the WAL makes it survive a power cut
 *    (`walFlush.ts`), and the journal no longer needs those records (its files are deleted
 *    once all their records are flushed). `durable()` resolves when every append made so far
 *    has been through this. Reads (load, the log, compaction) commit what is pending first.
 * With `syncDelayMs: 0` and the room's `relayAfterSync`, the relay waits for step 2 as well
 * (`--relay-after fsync`). An in-memory database (tests) has no journal and nothing to flush:
 * its appends of one event-loop turn are committed together before they resolve.
 *
 * The WAL is moved into the database file by a thread of its own (`walCheckpointer.ts`).
 *
 * Here: assigning seqs (synchronously, in call order), the journal in front, the reads.
 * Not for: deciding when to compact (the room does) or reading documents (the room does).
 */
import { unlinkSync } from 'node:fs'
import type { Database, Statement } from 'better-sqlite3'
import type { DocStore, LoadedDoc, LoggedUpdate, StoredUpdate } from '../DocStore'
import { AppendJournal, importJournals } from './appendJournal'
import { GroupCommit } from './groupCommit'
import { storeError } from './storeError'
import { WalCheckpointer } from './walCheckpointer'
import { WalFlush } from './walFlush'

export interface SqliteDocStoreOptions {
  /**
   * Gather appends this long before committing and flushing them, unless `durable()` is
   * waiting (0: at once). Default 1 s (`TAIZHANG_FLUSH_AFTER_MS`), like Redis's `appendfsync
   * everysec`: the web app asks whether an edit is saved 250 ms after it and its asking
   * flushes at once, so the delay only bounds what a power cut can take of edits nobody
   * asked about (stock clients, scripts), which a killed process cannot lose anyway (the
   * journal). Each commit and flush has a fixed cost, so a shorter delay costs CPU per edit
   * under steady load (the figures: `bench/RESULTS.md`, "Figures behind design choices").
   */
  syncDelayMs?: number
  /**
   * How long after new commits the checkpoint thread moves the WAL into the database. 5 s:
   * each checkpoint flushes two files, and at 1 s that cost as much CPU as all the commits
   * (`bench/RESULTS.md`, sync); checkpoints are not what makes an edit durable (the WAL
   * flush is), and 5 s of commits keep the WAL to a few hundred kilobytes.
   */
  checkpointEveryMs?: number
  /** Start a new append journal file after a commit once the current one is this big. */
  journalFileBytes?: number
}

interface UpdateRow {
  seq: number
  user_id: string | null
  at: string
  data: Buffer
}

const toBytes = (buffer: Buffer): Uint8Array =>
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)

export class SqliteDocStore implements DocStore {
  private readonly selectMax: Statement<[string], { seq: number | null }>
  private readonly selectSnapshot: Statement<[string], { upto_seq: number; data: Buffer }>
  private readonly selectAfter: Statement<[string, number], UpdateRow>
  private readonly selectLog: Statement<[string], UpdateRow>
  private readonly selectLogUntil: Statement<[string, string], UpdateRow>
  private readonly upsertSnapshot: Statement<[string, number, Uint8Array, string]>
  private readonly batches: GroupCommit
  private readonly wal: WalFlush
  /** Where appends go first (a database file in WAL mode); null: appends commit at once. */
  private readonly journal: AppendJournal | null = null
  private readonly checkpointer: WalCheckpointer | null = null
  /** Next seq per sheet, so seqs are assigned synchronously in call order. */
  private readonly nextSeq = new Map<string, number>()

  constructor(
    private readonly db: Database,
    { syncDelayMs = 1000, checkpointEveryMs = 5000, journalFileBytes }: SqliteDocStoreOptions = {},
  ) {
    this.selectMax = db.prepare('SELECT max(seq) AS seq FROM updates WHERE sheet_id = ?')
    this.selectSnapshot = db.prepare('SELECT upto_seq, data FROM snapshots WHERE sheet_id = ?')
    this.selectAfter = db.prepare(
      'SELECT seq, user_id, at, data FROM updates WHERE sheet_id = ? AND seq > ? ORDER BY seq',
    )
    this.selectLog = db.prepare(
      'SELECT seq, user_id, at, data FROM updates WHERE sheet_id = ? ORDER BY seq',
    )
    this.selectLogUntil = db.prepare(
      'SELECT seq, user_id, at, data FROM updates WHERE sheet_id = ? AND at <= ? ORDER BY seq',
    )
    // a snapshot only ever moves forward
    this.upsertSnapshot = db.prepare(
      `INSERT INTO snapshots (sheet_id, upto_seq, data, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (sheet_id) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data,
         at = excluded.at WHERE excluded.upto_seq > snapshots.upto_seq`,
    )

    const wal = !db.memory && db.pragma('journal_mode', { simple: true }) === 'wal'
    // without a WAL to flush ourselves, every commit flushes (the database is the log)
    db.pragma(`synchronous = ${wal || db.memory ? 'NORMAL' : 'FULL'}`)
    this.batches = new GroupCommit(db, {
      acknowledged: wal,
      committed: (commit) => {
        this.journal?.seal(commit)
        this.checkpointer?.request()
        this.wal.schedule()
      },
    })
    this.wal = new WalFlush({
      walPath: wal ? `${db.name}-wal` : null,
      delayMs: syncDelayMs,
      commits: () => this.batches.commits,
      pending: () => this.batches.hasPending,
      commit: () => this.batches.commit(),
      flushed: (commit) => {
        try {
          this.journal?.release(commit)
        } catch {
          // a file left behind is imported again at the next start: its records are skipped
        }
      },
    })
    if (wal) {
      this.journal = new AppendJournal(db.name, this.recoverJournals() + 1, journalFileBytes)
      this.checkpointer = new WalCheckpointer(db, checkpointEveryMs)
    }
  }

  /** WAL flushes done (the group commit: far fewer than appends under load). */
  get syncs(): number {
    return this.wal.count
  }

  /** WAL pages the checkpoint thread found and moved in its last round (for tests, metrics). */
  get lastCheckpoint(): { log: number; checkpointed: number } | null {
    return this.checkpointer?.last ?? null
  }

  /**
   * Move the records of journal files left by a server that did not stop cleanly into the
   * log (a record already there is skipped), flush, and delete the files. Returns the
   * highest file number seen, so new files never reuse a name.
   */
  private recoverJournals(): number {
    const files = importJournals(this.db, this.db.name)
    if (files.length === 0) return 0
    this.wal.flushNow()
    for (const file of files) unlinkSync(file.path)
    return files[files.length - 1]!.n
  }

  async load(sheetId: string): Promise<LoadedDoc> {
    this.batches.commit()
    const snapshot = this.selectSnapshot.get(sheetId)
    const uptoSeq = snapshot?.upto_seq ?? 0
    const updates: StoredUpdate[] = this.selectAfter
      .all(sheetId, uptoSeq)
      .map((row) => ({ seq: row.seq, data: toBytes(row.data) }))
    return { snapshot: snapshot ? toBytes(snapshot.data) : null, uptoSeq, updates }
  }

  append(sheetId: string, update: Uint8Array, userId: string | null, at: Date): Promise<number> {
    if (this.journal) {
      try {
        return Promise.resolve(this.journalAppend(this.journal, sheetId, update, userId, at))
      } catch (error) {
        return Promise.reject(error)
      }
    }
    if (this.wal.failure) return Promise.reject(this.wal.failure)
    return this.batches.addWaiting(sheetId, this.allocateSeq(sheetId), userId, at, update)
  }

  /** With a journal: written there, acknowledged now, committed with the next batch. */
  appendNow(sheetId: string, update: Uint8Array, userId: string | null, at: Date): number | null {
    return this.journal ? this.journalAppend(this.journal, sheetId, update, userId, at) : null
  }

  private journalAppend(
    journal: AppendJournal,
    sheetId: string,
    update: Uint8Array,
    userId: string | null,
    at: Date,
  ): number {
    if (this.wal.failure) throw this.wal.failure
    const seq = this.allocateSeq(sheetId)
    try {
      journal.write({ sheetId, seq, userId, at: at.getTime(), data: update })
    } catch (error) {
      throw storeError('写入更新日志失败', error)
    }
    this.batches.add(sheetId, seq, userId, at, update)
    this.wal.schedule()
    return seq
  }

  async compact(sheetId: string, state: Uint8Array, uptoSeq: number): Promise<void> {
    this.batches.commit()
    this.upsertSnapshot.run(sheetId, uptoSeq, state, new Date().toISOString())
    this.checkpointer?.request()
  }

  async readLog(sheetId: string, { until }: { until?: Date } = {}): Promise<LoggedUpdate[]> {
    this.batches.commit()
    const rows = until
      ? this.selectLogUntil.all(sheetId, until.toISOString())
      : this.selectLog.all(sheetId)
    return rows.map((row) => ({
      seq: row.seq,
      userId: row.user_id,
      at: row.at,
      data: toBytes(row.data),
    }))
  }

  async lastSeq(sheetId: string): Promise<number> {
    this.batches.commit()
    return this.selectMax.get(sheetId)?.seq ?? 0
  }

  /** Resolves when every append made so far is flushed to the disk (survives a power cut). */
  durable(): Promise<void> {
    try {
      this.batches.commit()
    } catch (error) {
      return Promise.reject(error)
    }
    return this.wal.durable()
  }

  /** Commit and flush what is pending, then stop the checkpoint thread. */
  async close(): Promise<void> {
    await this.durable().catch(() => {})
    this.wal.close()
    await this.checkpointer?.close()
    this.journal?.close()
  }

  private allocateSeq(sheetId: string): number {
    let next = this.nextSeq.get(sheetId)
    // first append to this sheet since start: nothing of it can be pending yet
    next ??= (this.selectMax.get(sheetId)?.seq ?? 0) + 1
    this.nextSeq.set(sheetId, next + 1)
    return next
  }
}
