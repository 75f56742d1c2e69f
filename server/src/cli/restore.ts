/**
 * @module cli/restore
 * `taizhang restore FILE --data NEWDIR`: puts a backup into a fresh data directory.
 * Refuses to overwrite an existing database, checks the file is an intact Taizhang
 * database of a version this program understands, then copies it through SQLite's
 * backup API (so the result is a normal WAL database). The 佐证材料 files the backup carries
 * (`backup_attachments`, cli/backup.ts) are written back under NEWDIR/attachments/ and the
 * table is dropped.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { databasePath } from '../storage/sqlite/db'
import { migrations } from '../storage/sqlite/migrations'
import { attachmentPath } from '../storage/sqlite/SqliteAttachmentStore'
import { parseCommand, UsageError } from './usage'

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, { data: { type: 'string' } })
  const file = positionals[0]
  if (!file || !values.data) throw new UsageError('用法：taizhang restore 备份文件 --data 新目录')
  if (!existsSync(file)) throw new UsageError(`${file}：文件不存在`)
  const target = databasePath(values.data)
  if (existsSync(target)) throw new UsageError(`${values.data}：目录中已有数据库，请换一个新目录`)

  let source: Database.Database
  try {
    source = new Database(file, { readonly: true, fileMustExist: true })
    const version = source.pragma('user_version', { simple: true }) as number
    const check = source.pragma('integrity_check', { simple: true })
    const hasSheets = source
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sheets'")
      .get()
    if (check !== 'ok' || !hasSheets || version < 1) throw new Error('not a taizhang database')
    if (version > migrations.length) {
      source.close()
      throw new UsageError(
        `${file}：备份来自更新版本的 Taizhang（数据库版本 ${version}），请先升级`,
      )
    }
  } catch (e) {
    if (e instanceof UsageError) throw e
    throw new UsageError(`${file}：不是有效的台账备份文件`)
  }
  mkdirSync(values.data, { recursive: true })
  try {
    await source.backup(target)
  } finally {
    source.close()
  }
  const db = new Database(target)
  const restored = restoreAttachments(db, values.data)
  db.pragma('journal_mode = WAL')
  db.close()
  if (restored > 0) process.stdout.write(`已恢复 ${restored} 个附件\n`)
  process.stdout.write(`已恢复到 ${values.data}\n`)
  return 0
}

/** Write the backup's attachment files into the data directory and drop their table. */
function restoreAttachments(db: Database.Database, dataDir: string): number {
  const carried = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'backup_attachments'")
    .get()
  if (!carried) return 0
  let n = 0
  for (const row of db.prepare('SELECT id, data FROM backup_attachments').iterate() as Iterable<{
    id: string
    data: Buffer
  }>) {
    if (!/^[0-9a-f]{64}$/.test(row.id)) continue
    const path = attachmentPath(dataDir, row.id)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, row.data, { mode: 0o600 })
    n++
  }
  db.exec('DROP TABLE backup_attachments')
  db.exec('VACUUM')
  return n
}
