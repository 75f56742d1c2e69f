/**
 * @module test/testDatabase
 * For tests and benchmarks: a fresh PostgreSQL database per run
 * (`CREATE DATABASE taizhang_test_<random>`), dropped afterwards, on the server named by
 * `TAIZHANG_TEST_POSTGRES` (default postgres://postgres@127.0.0.1:5432/postgres), so
 * parallel test files never see each other's rows.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export const ADMIN_URL =
  process.env.TAIZHANG_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface TestDatabase {
  name: string
  url: string
  drop(): Promise<void>
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `taizhang_test_${randomBytes(6).toString('hex')}`
  await admin((c) => c.query(`CREATE DATABASE ${name}`))
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    drop: () =>
      admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  }
}
