/**
 * @module storage/sqlite/db
 * Opens the SQLite database in the data directory and brings its schema up to date:
 * WAL journal (readers never block the writer, a crash loses no committed update),
 * foreign keys on, and the migrations of `migrations.ts` not yet applied, tracked in
 * `PRAGMA user_version`, each in its own transaction.
 * Not for: queries (the stores beside this file).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { migrations } from './migrations'

export type Db = Database.Database

/** The database file inside a data directory. */
export const databasePath = (dataDir: string): string => join(dataDir, 'taizhang.db')

/** Open (creating if needed) and migrate the database of `dataDir`; `:memory:` for tests. */
export function openDatabase(dataDir: string | ':memory:'): Db {
  let file = ':memory:'
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true })
    file = databasePath(dataDir)
  }
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  return db
}

/** Apply every migration newer than the database's `user_version`. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length) {
    throw new Error(
      `数据库版本（${current}）比本程序支持的（${migrations.length}）新，请升级 Taizhang`,
    )
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!)
      db.pragma(`user_version = ${version + 1}`)
    })()
  }
}
