/**
 * @module storage/SqliteDocStore
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
 *    transaction (`synchronous = NORMAL`), one `fdatasync` of the WAL file on libuv's thread
 *    pool makes it survive a power cut, and the journal no longer needs those records (its
 *    files are deleted once all their records are flushed). `durable()` resolves when every
 *    append made so far has been through this. Reads (load, the log, compaction) commit
 *    what is pending first.
 * With `syncDelayMs: 0` and the room's `relayAfterSync`, the relay waits for step 2 as well
 * (`--relay-after fsync`). An in-memory database (tests) has no journal: its appends of one
 * event-loop turn are committed together before they resolve.
 *
 * The WAL is checkpointed into the database file by a small thread with its own connection
 * (PASSIVE, `checkpointEveryMs` after new commits), not by the committing connection: a
 * checkpoint flushes two files and would stall the relay now and then. If that thread dies, the main
 * connection checkpoints by itself again (SQLite's default).
 *
 * We open the `-wal` file ourselves only to flush it: flushing a file through any
 * descriptor writes all of its dirty pages. (Never the database or `-shm` file: closing a
 * descriptor drops the process's POSIX locks on that file, and SQLite locks those two.)
 * An in-memory database (tests) has nothing to flush.
 *
 * Not for: deciding when to compact (the room does) or reading documents (the room does).
 */
import { closeSync, fdatasync, fdatasyncSync, openSync, unlinkSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Database, Statement } from 'better-sqlite3'
import { AppendJournal, importJournals } from './appendJournal'
import type { DocStore, LoadedDoc, LoggedUpdate, StoredUpdate } from './DocStore'

export interface SqliteDocStoreOptions {
  /**
   * Gather appends this long before committing and flushing them, unless `durable()` is
   * waiting (0: at once). Default 1 s (`TAIZHANG_FLUSH_AFTER_MS`), like Redis's `appendfsync
   * everysec`: the web app asks whether an edit is saved 250 ms after it and its asking
   * flushes at once, so the delay only bounds what a power cut can take of edits nobody
   * asked about (stock clients, scripts), which a killed process cannot lose anyway (the
   * journal). Each commit and flush has a fixed cost: at 40 edits/s, flushing every 250 ms
   * cost about a fifth more CPU per edit than every second (0.55 vs 0.41 ms, medians of 3
   * rounds of `bench/sync.ts` with both servers in one run, 2026-12-06).
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

interface Pending {
  sheetId: string
  seq: number
  userId: string | null
  at: string
  data: Uint8Array
  /** Who waits for the commit (an append without a journal); null: acknowledged already. */
  waiting: { resolve: (seq: number) => void; reject: (error: unknown) => void } | null
}

interface UpdateRow {
  seq: number
  user_id: string | null
  at: string
  data: Buffer
}

/** A `durable()` call waiting for the WAL flush that covers commit number `commit`. */
interface SyncWaiter {
  commit: number
  resolve: () => void
  reject: (error: unknown) => void
}

/**
 * The checkpoint thread (CommonJS, evaluated): its own connection, a PASSIVE checkpoint
 * `everyMs` after the store says the WAL has grown ('wal'), and nothing while it has not
 * (an idle server does not wake up every second).
 */
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 10000')
let timer = null
const checkpoint = () => {
  timer = null
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed })
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) })
  }
}
parentPort.on('message', (m) => {
  if (m === 'wal' && timer === null) timer = setTimeout(checkpoint, workerData.everyMs)
  if (m === 'close') { clearTimeout(timer); db.close(); parentPort.close() }
})
`

/** SQLite's default: checkpoint when the WAL reaches this many pages. */
const DEFAULT_AUTOCHECKPOINT = 1000

const toBytes = (buffer: Buffer): Uint8Array =>
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)

export class SqliteDocStore implements DocStore {
  /** WAL pages the checkpoint thread found and moved in its last round (for tests, metrics). */
  lastCheckpoint: { log: number; checkpointed: number } | null = null
  private readonly insert: Statement<[string, number, string | null, string, Uint8Array]>
  private readonly selectMax: Statement<[string], { seq: number | null }>
  private readonly selectSnapshot: Statement<[string], { upto_seq: number; data: Buffer }>
  private readonly selectAfter: Statement<[string, number], UpdateRow>
  private readonly selectLog: Statement<[string], UpdateRow>
  private readonly selectLogUntil: Statement<[string, string], UpdateRow>
  private readonly upsertSnapshot: Statement<[string, number, Uint8Array, string]>
  private readonly writeBatch: (batch: Pending[]) => void
  private readonly syncDelayMs: number
  /** The WAL file to flush; null when there is none (in-memory database, other journal). */
  private readonly walPath: string | null
  private walFd: number | null = null
  /** Where appends go first (a database file in WAL mode); null: appends commit at once. */
  private readonly journal: AppendJournal | null = null
  private checkpointer: Worker | null = null
  /** The checkpoint thread was told of new commits and has not reported since. */
  private checkpointRequested = false
  private closing = false
  /** Next seq per sheet, so seqs are assigned synchronously in call order. */
  private readonly nextSeq = new Map<string, number>()
  private pending: Pending[] = []
  private flushScheduled = false
  /** Commits (transactions) made, and how many of them the last finished flush covers. */
  private commits = 0
  private syncedCommits = 0
  private syncTimer: ReturnType<typeof setTimeout> | null = null
  /** The pending flush is not brought forward when asked (it is at once, or a back-off). */
  private syncTimerFirm = false
  private syncing = false
  private syncWaiters: SyncWaiter[] = []
  /** A failed flush: the kernel may have dropped the pages, so nothing more is accepted. */
  private syncFailure: Error | null = null
  /** WAL flushes done (the group commit: far fewer than appends under load). */
  syncs = 0

  constructor(
    private readonly db: Database,
    { syncDelayMs = 1000, checkpointEveryMs = 5000, journalFileBytes }: SqliteDocStoreOptions = {},
  ) {
    this.syncDelayMs = syncDelayMs
    this.insert = db.prepare(
      'INSERT INTO updates (sheet_id, seq, user_id, at, data) VALUES (?, ?, ?, ?, ?)',
    )
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
    const writeMany = db.transaction((batch: Pending[]) => {
      for (const p of batch) this.insert.run(p.sheetId, p.seq, p.userId, p.at, p.data)
    })
    // one INSERT is its own transaction: no BEGIN/COMMIT statements around it
    this.writeBatch = (batch) => {
      if (batch.length > 1) return writeMany(batch)
      const p = batch[0]!
      this.insert.run(p.sheetId, p.seq, p.userId, p.at, p.data)
    }

    const wal = !db.memory && db.pragma('journal_mode', { simple: true }) === 'wal'
    this.walPath = wal ? `${db.name}-wal` : null
    // without a WAL to flush ourselves, every commit flushes (the database is the log)
    db.pragma(`synchronous = ${wal || db.memory ? 'NORMAL' : 'FULL'}`)
    if (wal) {
      this.journal = new AppendJournal(db.name, this.recoverJournals() + 1, journalFileBytes)
      this.startCheckpointer(checkpointEveryMs)
    }
  }

  /**
   * Move the records of journal files left by a server that did not stop cleanly into the
   * log (a record already there is skipped), flush, and delete the files. Returns the
   * highest file number seen, so new files never reuse a name.
   */
  private recoverJournals(): number {
    const files = importJournals(this.db, this.db.name)
    if (files.length === 0) return 0
    fdatasyncSync(this.walFile())
    for (const file of files) unlinkSync(file.path)
    return files[files.length - 1]!.n
  }

  async load(sheetId: string): Promise<LoadedDoc> {
    this.flushNow()
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
    if (this.syncFailure) return Promise.reject(this.syncFailure)
    const seq = this.allocateSeq(sheetId)
    return new Promise<number>((resolve, reject) => {
      this.queue(sheetId, seq, userId, at, update, { resolve, reject })
      if (!this.flushScheduled) {
        this.flushScheduled = true
        setImmediate(() => this.flushNow())
      }
    })
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
    if (this.syncFailure) throw this.syncFailure
    const seq = this.allocateSeq(sheetId)
    try {
      journal.write({ sheetId, seq, userId, at: at.getTime(), data: update })
    } catch (error) {
      throw new Error(`写入更新日志失败：${messageOf(error)}`)
    }
    this.queue(sheetId, seq, userId, at, update, null)
    this.scheduleSync()
    return seq
  }

  /** Add an append to the next batch commit. */
  private queue(
    sheetId: string,
    seq: number,
    userId: string | null,
    at: Date,
    data: Uint8Array,
    waiting: Pending['waiting'],
  ): void {
    this.pending.push({ sheetId, seq, userId, at: at.toISOString(), data, waiting })
  }

  async compact(sheetId: string, state: Uint8Array, uptoSeq: number): Promise<void> {
    this.flushNow()
    this.upsertSnapshot.run(sheetId, uptoSeq, state, new Date().toISOString())
    this.requestCheckpoint()
  }

  async readLog(sheetId: string, { until }: { until?: Date } = {}): Promise<LoggedUpdate[]> {
    this.flushNow()
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
    this.flushNow()
    return this.selectMax.get(sheetId)?.seq ?? 0
  }

  /** Resolves when every append made so far is flushed to the disk (survives a power cut). */
  durable(): Promise<void> {
    try {
      this.flushNow()
    } catch (error) {
      return Promise.reject(error)
    }
    if (this.syncFailure) return Promise.reject(this.syncFailure)
    if (this.syncedCommits >= this.commits) return Promise.resolve()
    return new Promise((resolve, reject) => {
      this.syncWaiters.push({ commit: this.commits, resolve, reject })
      this.scheduleSync()
    })
  }

  /** Commit and flush what is pending, then stop the checkpoint thread. */
  async close(): Promise<void> {
    await this.durable().catch(() => {})
    this.closing = true
    if (this.syncTimer) clearTimeout(this.syncTimer)
    if (this.checkpointer) {
      const exited = new Promise((resolve) => this.checkpointer!.once('exit', resolve))
      this.checkpointer.postMessage('close')
      await exited
      this.checkpointer = null
    }
    if (this.walFd !== null) closeSync(this.walFd)
    this.walFd = null
    this.journal?.close()
  }

  private startCheckpointer(everyMs: number): void {
    this.db.pragma('wal_autocheckpoint = 0')
    const worker = new Worker(CHECKPOINTER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: this.db.name,
        everyMs,
      },
    })
    // the thread must not keep a finished process alive; `close()` ends it properly
    worker.unref()
    worker.on('message', (m: { log: number; checkpointed: number } | { error: string }) => {
      this.checkpointRequested = false
      if ('log' in m) this.lastCheckpoint = m
      // a reader kept part of the WAL from being moved: try again later
      if ('error' in m || m.log > m.checkpointed) this.requestCheckpoint()
    })
    worker.on('error', () => this.checkpointerLost())
    worker.on('exit', () => this.checkpointerLost())
    this.checkpointer = worker
  }

  /** Commits were made: have the checkpoint thread move them (once per round). */
  private requestCheckpoint(): void {
    if (!this.checkpointer || this.checkpointRequested) return
    this.checkpointRequested = true
    this.checkpointer.postMessage('wal')
  }

  /** The checkpoint thread is gone: let the main connection checkpoint again. */
  private checkpointerLost(): void {
    if (this.closing || this.checkpointer === null) return
    this.checkpointer = null
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`)
  }

  /**
   * Commit every pending append in one transaction. With a journal the appends were
   * acknowledged already: if the commit fails they stay pending (and in the journal) for
   * the next try, and the caller gets the error.
   */
  private flushNow(): void {
    this.flushScheduled = false
    if (this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    try {
      this.writeBatch(batch)
    } catch (error) {
      if (this.journal) {
        this.pending = batch.concat(this.pending)
        throw new Error(`写入数据库失败：${messageOf(error)}`)
      }
      // nothing of the batch was committed; its seqs stay unused (seqs only ever increase)
      for (const p of batch) p.waiting?.reject(error)
      return
    }
    this.commits++
    this.journal?.seal(this.commits)
    this.requestCheckpoint()
    for (const p of batch) p.waiting?.resolve(p.seq)
    this.scheduleSync()
  }

  /**
   * `syncDelayMs` after the first append or commit not yet flushed, or at once when
   * `durable()` is waiting: commit what is pending and flush the WAL (one flush at a time).
   */
  private scheduleSync(): void {
    if (this.syncing) return
    if (this.pending.length === 0 && this.syncedCommits >= this.commits) return
    if (this.walPath === null) {
      // the commit itself was durable (in-memory, or synchronous = FULL without a WAL)
      this.synced(this.commits, null)
      return
    }
    // someone waits for the flush (the web app asking whether an edit is saved): flush now,
    // together with whatever else is asked in this turn of the event loop
    const asked = this.syncWaiters.length > 0
    if (this.syncTimer) {
      if (!asked || this.syncTimerFirm) return
      clearTimeout(this.syncTimer)
    }
    this.syncTimerFirm = asked
    this.syncTimer = setTimeout(() => this.syncNow(), asked ? 0 : this.syncDelayMs)
  }

  private syncNow(): void {
    this.syncTimer = null
    this.syncing = true
    try {
      this.flushNow()
    } catch (error) {
      return this.commitFailed(error)
    }
    const upto = this.commits
    if (this.syncedCommits >= upto) {
      this.syncing = false
      return
    }
    let fd: number
    try {
      fd = this.walFile()
    } catch (error) {
      return this.synced(upto, error)
    }
    fdatasync(fd, (error) => this.synced(upto, error))
  }

  /**
   * Our descriptor of the WAL file. SQLite removes that file only when the last connection
   * to the database closes, and ours stays open as long as this store, so one is enough.
   */
  private walFile(): number {
    this.walFd ??= openSync(this.walPath!, 'r+')
    return this.walFd
  }

  private synced(upto: number, error: unknown): void {
    this.syncing = false
    if (error) {
      this.syncFailure = new Error(`写入磁盘失败：${messageOf(error)}`)
      for (const w of this.syncWaiters) w.reject(this.syncFailure)
      this.syncWaiters = []
      return
    }
    this.syncs++
    this.syncedCommits = Math.max(this.syncedCommits, upto)
    try {
      this.journal?.release(this.syncedCommits)
    } catch {
      // a file left behind is imported again at the next start: its records are skipped
    }
    const waiting: SyncWaiter[] = []
    for (const w of this.syncWaiters) {
      if (w.commit <= this.syncedCommits) w.resolve()
      else waiting.push(w)
    }
    this.syncWaiters = waiting
    this.scheduleSync()
  }

  /** The batch commit failed (its appends stay pending): tell the waiters, retry later. */
  private commitFailed(error: unknown): void {
    this.syncing = false
    for (const w of this.syncWaiters) w.reject(error)
    this.syncWaiters = []
    this.syncTimerFirm = true
    this.syncTimer = setTimeout(() => this.syncNow(), Math.max(this.syncDelayMs, 1000))
  }

  private allocateSeq(sheetId: string): number {
    let next = this.nextSeq.get(sheetId)
    // first append to this sheet since start: nothing of it can be pending yet
    next ??= (this.selectMax.get(sheetId)?.seq ?? 0) + 1
    this.nextSeq.set(sheetId, next + 1)
    return next
  }
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)
