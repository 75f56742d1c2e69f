/**
 * @module storage/sqlite/walCheckpointer
 * Moves the WAL into the database file from a small thread with its own connection (a
 * PASSIVE checkpoint `everyMs` after the store reports new commits), not from the committing
 * connection: a checkpoint flushes two files and would stall the relay now and then. An idle
 * server does not wake the thread. If the thread dies, the main connection checkpoints by
 * itself again (SQLite's default).
 *
 * Not for: making commits durable (`walFlush.ts`: the WAL flush is what does, not the
 * checkpoint).
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Database } from 'better-sqlite3'

/**
 * The thread (CommonJS, evaluated): its own connection, a PASSIVE checkpoint `everyMs` after
 * the store says the WAL has grown ('wal'), and nothing while it has not.
 */
const SOURCE = `
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

export class WalCheckpointer {
  /** WAL pages the thread found and moved in its last round (for tests, metrics). */
  last: { log: number; checkpointed: number } | null = null
  private worker: Worker | null
  /** The thread was told of new commits and has not reported since. */
  private requested = false
  private closing = false

  constructor(
    private readonly db: Database,
    everyMs: number,
  ) {
    db.pragma('wal_autocheckpoint = 0')
    const worker = new Worker(SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: db.name,
        everyMs,
      },
    })
    // the thread must not keep a finished process alive; `close()` ends it properly
    worker.unref()
    worker.on('message', (m: { log: number; checkpointed: number } | { error: string }) => {
      this.requested = false
      if ('log' in m) this.last = m
      // a reader kept part of the WAL from being moved: try again later
      if ('error' in m || m.log > m.checkpointed) this.request()
    })
    worker.on('error', () => this.lost())
    worker.on('exit', () => this.lost())
    this.worker = worker
  }

  /** Commits were made: have the thread move them (once per round). */
  request(): void {
    if (!this.worker || this.requested) return
    this.requested = true
    this.worker.postMessage('wal')
  }

  /** End the thread (its connection closes). */
  async close(): Promise<void> {
    this.closing = true
    const worker = this.worker
    if (!worker) return
    const exited = new Promise((resolve) => worker.once('exit', resolve))
    worker.postMessage('close')
    await exited
    this.worker = null
  }

  /** The thread is gone: let the main connection checkpoint again. */
  private lost(): void {
    if (this.closing || this.worker === null) return
    this.worker = null
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`)
  }
}
