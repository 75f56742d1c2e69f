/**
 * @module storage/SqliteDocStore
 * The `DocStore` on SQLite: the `updates` and `snapshots` tables of `migrations.ts`, in the
 * server's database file (WAL mode, opened by `db.ts`).
 *
 * Durability: an `append` promise resolves only after its INSERT has committed with
 * `synchronous = FULL`, i.e. after the WAL was fsync'ed — an acknowledged (and so relayed)
 * update survives a killed process AND a power cut. (WAL with `NORMAL` survives only the
 * former.) An fsync takes milliseconds and better-sqlite3 is synchronous, so for a database
 * file the log is written by a small writer thread with its own connection: the event loop
 * never waits on the disk, and appends that arrive while one commit is in progress are
 * committed together in the next one (group commit: one fsync for many updates under load).
 * Seqs are still assigned here, synchronously, in call order. An in-memory database (tests)
 * is written inline. Snapshots and reads use the caller's connection; reads first wait for
 * the appends in flight, so they see everything acknowledged.
 *
 * Not for: deciding when to compact (the room does) or reading documents (the room does).
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Database, Statement } from 'better-sqlite3'
import type { DocStore, LoadedDoc, LoggedUpdate, StoredUpdate } from './DocStore'

export interface SqliteDocStoreOptions {
  /** 'thread' (default for a file): fsync off the event loop; 'inline': on it. */
  writer?: 'thread' | 'inline'
  /**
   * 'FULL' (default): an acknowledged update survives a power cut. 'NORMAL': it survives a
   * killed process only (WAL), for deployments that accept losing the last moments of edits
   * on power loss (clients still hold them and resend them when they reconnect).
   */
  synchronous?: 'FULL' | 'NORMAL'
}

interface Pending {
  sheetId: string
  seq: number
  userId: string | null
  at: string
  data: Uint8Array
  resolve: (seq: number) => void
  reject: (error: unknown) => void
}

interface UpdateRow {
  seq: number
  user_id: string | null
  at: string
  data: Buffer
}

const INSERT = 'INSERT INTO updates (sheet_id, seq, user_id, at, data) VALUES (?, ?, ?, ?, ?)'

/** The writer thread (CommonJS, evaluated): one connection, one transaction per batch. */
const WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = ' + workerData.synchronous)
db.pragma('busy_timeout = 10000')
const insert = db.prepare(${JSON.stringify(INSERT)})
const write = db.transaction((rows) => { for (const r of rows) insert.run(r[0], r[1], r[2], r[3], r[4]) })
parentPort.on('message', (rows) => {
  if (rows === 'close') { db.close(); parentPort.close(); return }
  try { write(rows); parentPort.postMessage(null) }
  catch (error) { parentPort.postMessage(String((error && error.message) || error)) }
})
`

/**
 * The bytes alone: posting a view into a bigger buffer (a socket chunk) to the writer thread
 * would copy the whole buffer.
 */
const compactView = (data: Uint8Array): Uint8Array =>
  data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice()

const toBytes = (buffer: Buffer): Uint8Array =>
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)

export class SqliteDocStore implements DocStore {
  private readonly insert: Statement<[string, number, string | null, string, Uint8Array]>
  private readonly selectMax: Statement<[string], { seq: number | null }>
  private readonly selectSnapshot: Statement<[string], { upto_seq: number; data: Buffer }>
  private readonly selectAfter: Statement<[string, number], UpdateRow>
  private readonly selectLog: Statement<[string], UpdateRow>
  private readonly selectLogUntil: Statement<[string, string], UpdateRow>
  private readonly upsertSnapshot: Statement<[string, number, Uint8Array, string]>
  private readonly writeInline: (batch: Pending[]) => void
  private writer: Worker | null = null
  private closing = false
  private readonly synchronous: 'FULL' | 'NORMAL'
  /** Next seq per sheet, so seqs are assigned synchronously in call order. */
  private readonly nextSeq = new Map<string, number>()
  private pending: Pending[] = []
  private inFlight: Pending[] | null = null
  private flushScheduled = false
  private idleWaiters: (() => void)[] = []

  constructor(
    private readonly db: Database,
    { writer = db.memory ? 'inline' : 'thread', synchronous = 'FULL' }: SqliteDocStoreOptions = {},
  ) {
    this.synchronous = synchronous
    this.insert = db.prepare(INSERT)
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
    this.writeInline = db.transaction((batch: Pending[]) => {
      for (const p of batch) this.insert.run(p.sheetId, p.seq, p.userId, p.at, p.data)
    })
    if (writer === 'thread' && !db.memory) {
      this.writer = new Worker(WRITER_SOURCE, {
        eval: true,
        workerData: {
          driver: createRequire(import.meta.url).resolve('better-sqlite3'),
          file: db.name,
        },
      })
      // the thread must not keep a finished process alive; `close()` ends it properly
      this.writer.unref()
      this.writer.on('message', (error: string | null) => this.committed(error))
      this.writer.on('error', (error) => this.writerLost(error))
      this.writer.on('exit', () => this.writerLost(new Error('writer thread exited')))
    } else {
      db.pragma(`synchronous = ${synchronous}`)
    }
  }

  async load(sheetId: string): Promise<LoadedDoc> {
    await this.idle()
    const snapshot = this.selectSnapshot.get(sheetId)
    const uptoSeq = snapshot?.upto_seq ?? 0
    const updates: StoredUpdate[] = this.selectAfter
      .all(sheetId, uptoSeq)
      .map((row) => ({ seq: row.seq, data: toBytes(row.data) }))
    return { snapshot: snapshot ? toBytes(snapshot.data) : null, uptoSeq, updates }
  }

  append(sheetId: string, update: Uint8Array, userId: string | null, at: Date): Promise<number> {
    const seq = this.allocateSeq(sheetId)
    return new Promise<number>((resolve, reject) => {
      this.pending.push({
        sheetId,
        seq,
        userId,
        at: at.toISOString(),
        data: update,
        resolve,
        reject,
      })
      this.scheduleFlush()
    })
  }

  async compact(sheetId: string, state: Uint8Array, uptoSeq: number): Promise<void> {
    await this.idle()
    this.upsertSnapshot.run(sheetId, uptoSeq, state, new Date().toISOString())
  }

  async readLog(sheetId: string, { until }: { until?: Date } = {}): Promise<LoggedUpdate[]> {
    await this.idle()
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
    await this.idle()
    return this.selectMax.get(sheetId)?.seq ?? 0
  }

  /** Wait for every append made so far to be committed, then stop the writer thread. */
  async close(): Promise<void> {
    await this.idle()
    this.closing = true
    if (this.writer) {
      const exited = new Promise((resolve) => this.writer!.once('exit', resolve))
      this.writer.postMessage('close')
      await exited
    }
  }

  /**
   * The writer thread failed or ended unexpectedly: its batch in flight is reported as not
   * stored, and from now on the log is written inline on this connection (same durability).
   */
  private writerLost(error: unknown): void {
    if (this.closing || this.writer === null) return
    this.writer = null
    if (this.db.open) this.db.pragma(`synchronous = ${this.synchronous}`)
    if (this.inFlight) this.committed(error instanceof Error ? error.message : String(error))
  }

  /** Resolves when no append is pending or being committed. */
  private idle(): Promise<void> {
    if (this.pending.length === 0 && this.inFlight === null) return Promise.resolve()
    this.scheduleFlush()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return
    this.flushScheduled = true
    setImmediate(() => this.flush())
  }

  /** Hand every pending append to the writer (one transaction), unless a commit is running. */
  private flush(): void {
    this.flushScheduled = false
    if (this.inFlight !== null) return // `committed` flushes what gathered meanwhile
    if (this.pending.length === 0) return this.wakeIdle()
    const batch = this.pending
    this.pending = []
    this.inFlight = batch
    if (this.writer) {
      this.writer.postMessage(
        batch.map((p) => [p.sheetId, p.seq, p.userId, p.at, compactView(p.data)]),
      )
      return
    }
    let error: string | null = null
    try {
      this.writeInline(batch)
    } catch (e) {
      error = e instanceof Error ? e.message : String(e)
    }
    this.committed(error)
  }

  private committed(error: string | null): void {
    const batch = this.inFlight ?? []
    this.inFlight = null
    if (error !== null) {
      // nothing of the batch was committed; its seqs stay unused (seqs only ever increase)
      const failure = new Error(error)
      for (const p of batch) p.reject(failure)
    } else {
      for (const p of batch) p.resolve(p.seq)
    }
    if (this.pending.length > 0) this.flush()
    else this.wakeIdle()
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const wake of waiters) wake()
  }

  private allocateSeq(sheetId: string): number {
    let next = this.nextSeq.get(sheetId)
    // first append to this sheet since start: nothing of it can be pending yet
    next ??= (this.selectMax.get(sheetId)?.seq ?? 0) + 1
    this.nextSeq.set(sheetId, next + 1)
    return next
  }
}
