/**
 * @module tests/security/passwordHash
 * Password hashing against the real server (docs/RELIABILITY.md §4; the parameters and why are in
 * server/src/auth/passwords.ts and docs/RELIABILITY.md §4). New hashes use scrypt N=2^14,
 * r=8, p=5; a hash stored with the old parameters (p=1) still logs in and is replaced with
 * today's at that login; an import's initial passwords are hashed at p=1 (they must be
 * changed at first login, and the chosen one is hashed at p=5). A flood of logins — no account needed — runs a bounded number of
 * hashes: the rest wait in a short queue or are refused at once with 503 + Retry-After,
 * and the server keeps answering.
 */
import { randomBytes, scryptSync } from 'node:crypto'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databasePath } from '@taizhang/server/storage'
import { seedFixture, startTestServer, USER_PASSWORD, type TestServer } from '../helpers/server'

let server: TestServer

beforeAll(async () => {
  // guessing is not what this suite tests: the per-address limit must not answer first;
  // one check at a time and 3 waiting keep the flood short
  server = await startTestServer({
    env: {
      TAIZHANG_LOGIN_MAX_FAILURES: '1000',
      TAIZHANG_LOGIN_CONCURRENCY: '1',
      TAIZHANG_LOGIN_QUEUE: '3',
    },
  })
  await seedFixture(server)
})
afterAll(async () => {
  await server?.stop()
})

/** Read or write a user's stored hash in the server's own database. */
async function withDb<T>(
  sqlite: (db: Database.Database) => T,
  sql: (client: pg.Client) => Promise<T>,
): Promise<T> {
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl })
    await client.connect()
    try {
      return await sql(client)
    } finally {
      await client.end()
    }
  }
  const db = new Database(databasePath(server.dataDir))
  try {
    return sqlite(db)
  } finally {
    db.close()
  }
}

const storedHash = (username: string) =>
  withDb(
    (db) =>
      (
        db.prepare('SELECT password_hash AS h FROM users WHERE username = ?').get(username) as {
          h: string
        }
      ).h,
    async (c) =>
      (await c.query('SELECT password_hash AS h FROM users WHERE username = $1', [username]))
        .rows[0].h as string,
  )

const setStoredHash = (username: string, hash: string) =>
  withDb(
    (db) =>
      void db.prepare('UPDATE users SET password_hash = ? WHERE username = ?').run(hash, username),
    async (c) =>
      void (await c.query('UPDATE users SET password_hash = $1 WHERE username = $2', [
        hash,
        username,
      ])),
  )

/** A hash as the previous version stored it: scrypt N=2^14, r=8, p=1. */
function legacyHash(password: string): string {
  const salt = randomBytes(16)
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 16384, r: 8, p: 1 })
  return ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$')
}

const login = (username: string, password: string) =>
  server.api('POST', '/api/login', undefined, { username, password })

describe('password hashes', () => {
  it('new hashes use N=2^14, r=8, p=5', async () => {
    expect(await storedHash('filler')).toMatch(/^scrypt\$16384\$8\$5\$/)
  })

  it('an old p=1 hash still logs in and is rehashed with today’s parameters', async () => {
    await setStoredHash('reviewer', legacyHash(USER_PASSWORD))
    expect(await storedHash('reviewer')).toMatch(/^scrypt\$16384\$8\$1\$/)
    expect((await login('reviewer', 'not-the-password')).status).toBe(401)
    // a failed login changes nothing
    expect(await storedHash('reviewer')).toMatch(/^scrypt\$16384\$8\$1\$/)
    expect((await login('reviewer', USER_PASSWORD)).status).toBe(200)
    expect(await storedHash('reviewer')).toMatch(/^scrypt\$16384\$8\$5\$/)
    expect((await login('reviewer', USER_PASSWORD)).status).toBe(200)
  })

  it("an import's initial password is hashed at p=1; the one its owner then chooses at p=5", async () => {
    const admin = await server.login('admin', server.adminPassword)
    const form = new FormData()
    const csv =
      '用户名,姓名,单位,角色,初始密码\nfirst.login,初次登录,东街道/一网格,填报员,Initial-2026\n'
    form.append('file', new Blob([csv]), '用户.csv')
    const imported = await fetch(`${server.url}/api/users/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
      body: form,
    })
    expect(imported.status).toBe(200)
    expect(await storedHash('first.login')).toMatch(/^scrypt\$16384\$8\$1\$/)
    const first = await login('first.login', 'Initial-2026')
    expect(first.body.mustChangePassword).toBe(true)
    const changed = await server.api('POST', '/api/me/password', first.body.token, {
      oldPassword: 'Initial-2026',
      newPassword: 'Chosen-by-me-2026',
    })
    expect(changed.status).toBe(200)
    expect(await storedHash('first.login')).toMatch(/^scrypt\$16384\$8\$5\$/)
    expect((await login('first.login', 'Chosen-by-me-2026')).status).toBe(200)
  })
})

describe('a login flood', () => {
  it('is answered with 401 or an immediate 503 + Retry-After, and the server keeps answering', async () => {
    const token = await server.login('lead', USER_PASSWORD)
    const flood = Array.from({ length: 30 }, (_, i) => login(`nobody${i}`, 'guess'))
    // while the flood is queued, other requests are served
    const meDuring = await server.api('GET', '/api/me', token)
    expect(meDuring.status).toBe(200)
    const answers = await Promise.all(flood)
    const statuses = answers.map((a) => a.status)
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true)
    const busy = answers.filter((a) => a.status === 503)
    // one running and 3 waiting at most: the rest are refused without a hash
    expect(busy.length).toBeGreaterThan(15)
    for (const a of busy) {
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(a.body.error.message).toMatch(/请稍后再试/)
    }
    // and afterwards a real login works at once
    expect((await login('lead', USER_PASSWORD)).status).toBe(200)
  }, 90_000)
})
