/**
 * @module storage/sqlite/appendJournal
 * The crash journal in front of the SQLite update log (`SqliteDocStore.ts`). An update the
 * relay receives is written here with one `write()`: a few microseconds, against about
 * thirty for a SQLite commit, and from then on it is in the operating system's page cache,
 * which a killed or crashed server process cannot lose. The store moves the journal's
 * records into the `updates` table in batches (one transaction every ≤ 1 s) and deletes a
 * journal file once the SQLite WAL holding its records has been flushed to the disk; a
 * power cut therefore relies on SQLite alone, never on this file.
 *
 * Files: `<database>-appends-<n>`, in the database's directory. One file is written until
 * it passes `fileBytes` (4 MiB) after a commit: creating and deleting a file for every
 * commit cost more than the writes themselves. The older files wait for their flush and are
 * then deleted; the one being written is deleted when the store closes cleanly. At start
 * the store imports whatever files are left (a server that was killed) before accepting
 * anything; records already in the log are skipped, so a file may hold committed ones.
 *
 * A record: u32 body length, u32 CRC-32 of the body, then the body: u8 format (1), u16
 * sheet id length + UTF-8, f64 seq, u16 user id length + UTF-8 (0xFFFF: no user), f64 time
 * in ms, the update bytes. Reading stops at the first record that is incomplete or fails its
 * checksum: only the last write of a killed process can be torn, and it was never relayed.
 *
 * Ours, not a library's: SQLite's own WAL is the log we keep; this is only its faster
 * front door for the few milliseconds before a batch commit, and no npm package offers
 * a synchronous, checksummed append file without bringing a second storage engine.
 */
import { closeSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { crc32 } from 'node:zlib'
import type { Database } from 'better-sqlite3'

export interface JournalRecord {
  sheetId: string
  seq: number
  userId: string | null
  /** Time received, in ms since the epoch. */
  at: number
  data: Uint8Array
}

const FORMAT = 1
const NO_USER = 0xffff
const HEADER = 8

/** The journal files of a database, oldest first, with their numbers. */
export function journalFiles(databaseFile: string): { path: string; n: number }[] {
  const prefix = `${basename(databaseFile)}-appends-`
  const dir = dirname(databaseFile)
  return readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .map((name) => ({ path: join(dir, name), n: Number(name.slice(prefix.length)) }))
    .sort((a, b) => a.n - b.n)
}

/**
 * Copy the records of the journal files of `databaseFile` into the `updates` table of `db`
 * (the same database, or a backup of it), in one transaction; a record already there is
 * skipped. Returns the files read; deleting them is the caller's decision.
 */
export function importJournals(db: Database, databaseFile: string): { path: string; n: number }[] {
  const files = journalFiles(databaseFile)
  if (files.length === 0) return files
  const insert = db.prepare(
    'INSERT OR IGNORE INTO updates (sheet_id, seq, user_id, at, data) VALUES (?, ?, ?, ?, ?)',
  )
  db.transaction(() => {
    for (const file of files) {
      for (const r of readJournal(file.path)) {
        insert.run(r.sheetId, r.seq, r.userId, new Date(r.at).toISOString(), r.data)
      }
    }
  })()
  return files
}

export function encodeRecord(record: JournalRecord): Buffer {
  // strings are written straight into the record: no intermediate buffers (a hot path)
  const sheetLength = Buffer.byteLength(record.sheetId, 'utf8')
  const userLength = record.userId === null ? 0 : Buffer.byteLength(record.userId, 'utf8')
  if (sheetLength >= NO_USER || userLength >= NO_USER) throw new Error('表格或用户标识过长')
  const bodyLength = 1 + 2 + sheetLength + 8 + 2 + userLength + 8 + record.data.length
  const out = Buffer.allocUnsafe(HEADER + bodyLength)
  let at = HEADER
  out[at++] = FORMAT
  out.writeUInt16LE(sheetLength, at)
  at += 2 + out.write(record.sheetId, at + 2, 'utf8')
  out.writeDoubleLE(record.seq, at)
  at += 8
  out.writeUInt16LE(record.userId === null ? NO_USER : userLength, at)
  at += 2
  if (record.userId !== null) at += out.write(record.userId, at, 'utf8')
  out.writeDoubleLE(record.at, at)
  at += 8
  out.set(record.data, at)
  out.writeUInt32LE(bodyLength, 0)
  out.writeUInt32LE(crc32(out.subarray(HEADER)), 4)
  return out
}

/** The complete records of a journal file, in the order written. */
export function readJournal(path: string): JournalRecord[] {
  const bytes = readFileSync(path)
  const records: JournalRecord[] = []
  let offset = 0
  while (offset + HEADER <= bytes.length) {
    const length = bytes.readUInt32LE(offset)
    const end = offset + HEADER + length
    if (length < 1 || end > bytes.length) break
    const body = bytes.subarray(offset + HEADER, end)
    if (crc32(body) !== bytes.readUInt32LE(offset + 4) || body[0] !== FORMAT) break
    const record = decodeBody(body)
    if (!record) break
    records.push(record)
    offset = end
  }
  return records
}

function decodeBody(body: Buffer): JournalRecord | null {
  try {
    let at = 1
    const sheetLength = body.readUInt16LE(at)
    const sheetId = body.toString('utf8', at + 2, at + 2 + sheetLength)
    at += 2 + sheetLength
    const seq = body.readDoubleLE(at)
    at += 8
    const userLength = body.readUInt16LE(at)
    at += 2
    const userId = userLength === NO_USER ? null : body.toString('utf8', at, at + userLength)
    at += userLength === NO_USER ? 0 : userLength
    const time = body.readDoubleLE(at)
    at += 8
    if (at > body.length) return null
    return { sheetId, seq, userId, at: time, data: new Uint8Array(body.subarray(at)) }
  } catch {
    return null
  }
}

interface CurrentFile {
  path: string
  fd: number
  size: number
  /** The commit that covers every record of the file; null: records not committed yet. */
  committedAt: number | null
}

/**
 * The file being written, and the older ones waiting until SQLite holds their records
 * durably. `seal()` marks every record so far committed (and ends a file grown past
 * `fileBytes`); `release(upto)` deletes the ended files whose commit the WAL flush has
 * covered.
 */
export class AppendJournal {
  private current: CurrentFile | null = null
  /** Files no longer written; `commit` null: their records are not committed yet. */
  private sealed: { path: string; commit: number | null }[] = []
  /** The last commit SQLite has flushed (`release`). */
  private flushedCommit = 0
  private next: number

  constructor(
    private readonly databaseFile: string,
    firstNumber: number,
    private readonly fileBytes = 4 * 1024 * 1024,
  ) {
    this.next = firstNumber
  }

  /** Write one record; throws if it could not be written whole (nothing of it is kept). */
  write(record: JournalRecord): void {
    const bytes = encodeRecord(record)
    const file = this.open()
    let written = 0
    try {
      while (written < bytes.length) {
        const n = writeSync(file.fd, bytes, written, bytes.length - written, file.size + written)
        if (n === 0) throw new Error('journal write made no progress')
        written += n
      }
    } catch (error) {
      // a torn record ends the file for the reader: what follows goes to a new file
      this.end(null)
      throw error
    }
    file.size += bytes.length
    file.committedAt = null
  }

  /** Every record written so far is committed (commit number `commit`). */
  seal(commit: number): void {
    if (this.current) {
      this.current.committedAt = commit
      if (this.current.size >= this.fileBytes) this.end(commit)
    }
    for (const file of this.sealed) file.commit ??= commit
  }

  /** SQLite has flushed every commit up to `commit`: delete the files they cover. */
  release(commit: number): void {
    const keep: { path: string; commit: number | null }[] = []
    for (const file of this.sealed) {
      if (file.commit !== null && file.commit <= commit) unlinkSync(file.path)
      else keep.push(file)
    }
    this.sealed = keep
    this.flushedCommit = Math.max(this.flushedCommit, commit)
  }

  /** Close the file being written; delete it if everything in it is flushed. */
  close(): void {
    const current = this.current
    if (!current) return
    this.current = null
    closeSync(current.fd)
    if (current.committedAt !== null && current.committedAt <= this.flushedCommit) {
      unlinkSync(current.path)
    }
  }

  /** Stop writing the current file; it waits for commit `commit` to be flushed. */
  private end(commit: number | null): void {
    const current = this.current!
    this.current = null
    closeSync(current.fd)
    this.sealed.push({ path: current.path, commit })
  }

  private open(): CurrentFile {
    if (!this.current) {
      const path = `${this.databaseFile}-appends-${this.next++}`
      this.current = { path, fd: openSync(path, 'wx'), size: 0, committedAt: null }
    }
    return this.current
  }
}
