/**
 * @module storage/postgres/pgDatabase
 * Opens a connection pool to PostgreSQL (`--postgres URL`) and brings the schema up to
 * date. Several nodes may start at once: the migrations run under a session advisory
 * lock, each in its own transaction, tracked in `taizhang_migrations`.
 * Not for: queries (see the stores beside this file).
 */
import pg from 'pg'
import { pgMigrations } from './pgMigrations'

export type PgPool = pg.Pool
export type PgClient = pg.PoolClient
/** The pool, or one client of it inside a transaction. */
export type Queryable = PgPool | PgClient

/** Arbitrary constant: the advisory lock key for migrations. */
const MIGRATION_LOCK = 7_202_611

// BIGINT as a JS number: seqs and ids stay far below 2^53
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))

export function openPgPool(url: string, { max = 10 }: { max?: number } = {}): PgPool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 })
  // an idle client losing its connection (database restart) must not crash the process
  pool.on('error', () => {})
  return pool
}

/** Apply every migration not yet applied; safe to call from many nodes at once. */
export async function migratePg(pool: PgPool): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS taizhang_migrations (version INT PRIMARY KEY, at TEXT NOT NULL)',
      )
      const { rows } = await client.query<{ v: number | null }>(
        'SELECT max(version) AS v FROM taizhang_migrations',
      )
      const current = rows[0]?.v ?? 0
      if (current > pgMigrations.length) {
        throw new Error(
          `数据库版本（${current}）比本程序支持的（${pgMigrations.length}）新，请升级 Taizhang`,
        )
      }
      for (let version = current; version < pgMigrations.length; version++) {
        await client.query('BEGIN')
        try {
          await client.query(pgMigrations[version]!)
          await client.query('INSERT INTO taizhang_migrations (version, at) VALUES ($1, $2)', [
            version + 1,
            new Date().toISOString(),
          ])
          await client.query('COMMIT')
        } catch (error) {
          await client.query('ROLLBACK')
          throw error
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
    }
  } finally {
    client.release()
  }
}

/** Run `fn` in one transaction on one client of the pool. */
export async function inTransaction<T>(
  pool: PgPool,
  fn: (client: PgClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await fn(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}
