/**
 * @module storage
 * The storage a server runs on, for code outside the server that opens it directly
 * (`@taizhang/server/storage`): the multi-node tests, the backup test and the
 * consolidation benchmark. SQLite: the database in a data directory, its update log with
 * the append journal's record format, the metadata repositories; PostgreSQL: the pool,
 * its migrations and the update log.
 * Not for: the server's own modules, which import the file they need.
 */
export type { DocStore, LoadedDoc, LoggedUpdate, StoredUpdate } from './DocStore'
export { databasePath, openDatabase } from './sqlite/db'
export type { Db } from './sqlite/db'
export { encodeRecord } from './sqlite/appendJournal'
export type { JournalRecord } from './sqlite/appendJournal'
export type { MetaStore } from './MetaStore'
export { sqliteMetaStore } from './sqlite/sqliteMetaStore'
export { SqliteDocStore } from './sqlite/SqliteDocStore'
export { migratePg, openPgPool } from './postgres/pgDatabase'
export type { PgPool } from './postgres/pgDatabase'
export { PgDocStore } from './postgres/PgDocStore'
