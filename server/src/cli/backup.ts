/**
 * @module cli/backup
 * `taizhang backup --data DIR --out FILE`: a consistent copy of the SQLite database
 * through SQLite's online backup API, safe while a server is writing to DIR (readers
 * and the WAL writer are not blocked; the copy is one point-in-time snapshot). The updates
 * still in the server's append journal (the last ≤ 1 s, or everything a killed server
 * left for its next start) are copied into the backup too; the journal itself is untouched.
 * So are the 佐证材料 files (SPEC §10, `data/attachments/`): each attachment the copied database
 * records goes into its table `backup_attachments`, so the backup stays one file; restore
 * writes them back out (cli/restore.ts).
 */
import { existsSync, readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { importJournals } from '../storage/sqlite/appendJournal'
import { databasePath } from '../storage/sqlite/db'
import { attachmentPath } from '../storage/sqlite/SqliteAttachmentStore'
import { parseCommand, UsageError } from './usage'

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, { data: { type: 'string' }, out: { type: 'string' } })
  if (!values.data || !values.out)
    throw new UsageError('用法：taizhang backup --data 目录 --out 文件')
  const source = databasePath(values.data)
  if (!existsSync(source)) throw new UsageError(`${values.data}：没有找到台账数据库（${source}）`)
  if (existsSync(values.out)) throw new UsageError(`${values.out}：文件已存在，不会覆盖`)
  const db = new Database(source, { readonly: true, fileMustExist: true })
  try {
    await db.backup(values.out)
  } finally {
    db.close()
  }
  const copy = new Database(values.out)
  importJournals(copy, source)
  const missing = copyAttachments(copy, values.data)
  if (missing > 0) process.stderr.write(`注意：${missing} 个附件文件缺失，未能备份\n`)
  const check = copy.pragma('integrity_check', { simple: true })
  copy.close()
  if (check !== 'ok') throw new UsageError(`${values.out}：备份校验失败（${String(check)}）`)
  process.stdout.write(`已备份到 ${values.out}\n`)
  return 0
}

/** Put every recorded attachment's file into the copy; → how many files were missing. */
function copyAttachments(copy: Database.Database, dataDir: string): number {
  const recorded = copy
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments'")
    .get()
  if (!recorded) return 0
  copy.exec(
    'CREATE TABLE IF NOT EXISTS backup_attachments (id TEXT PRIMARY KEY, data BLOB NOT NULL)',
  )
  const ids = copy.prepare('SELECT id FROM attachments').pluck().all() as string[]
  const insert = copy.prepare('INSERT OR REPLACE INTO backup_attachments (id, data) VALUES (?, ?)')
  let missing = 0
  for (const id of ids) {
    let bytes: Buffer
    try {
      bytes = readFileSync(attachmentPath(dataDir, id))
    } catch {
      missing++
      continue
    }
    insert.run(id, bytes)
  }
  return missing
}
