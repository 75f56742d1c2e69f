/**
 * @module cli/backup
 * `taizhang backup --data DIR --out FILE`: a consistent copy of the SQLite database
 * through SQLite's online backup API, safe while a server is writing to DIR (readers
 * and the WAL writer are not blocked; the copy is one point-in-time snapshot). The updates
 * still in the server's append journal (the last ≤ 1 s, or everything a killed server
 * left for its next start) are copied into the backup too; the journal itself is untouched.
 */
import { existsSync } from 'node:fs'
import Database from 'better-sqlite3'
import { importJournals } from '../storage/sqlite/appendJournal'
import { databasePath } from '../storage/sqlite/db'
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
  const check = copy.pragma('integrity_check', { simple: true })
  copy.close()
  if (check !== 'ok') throw new UsageError(`${values.out}：备份校验失败（${String(check)}）`)
  process.stdout.write(`已备份到 ${values.out}\n`)
  return 0
}
