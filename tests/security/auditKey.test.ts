/**
 * @module tests/security/auditKey
 * The audit log is signed with a key kept outside the database (docs/RELIABILITY.md §4), against
 * the real server on SQLite and PostgreSQL. Someone who can write the database rewrites an
 * entry and recomputes the whole SHA-256 chain after it — what the plain chain could not
 * catch: the server's verification (`GET /api/audit`) and `taizhang audit verify` now fail
 * at the first entry whose signature no longer holds. The key file is made on the first
 * start (mode 0600) and is nowhere in the database. A log written before keys existed still
 * verifies: the server adds one `audit-key` entry that says from where on entries are
 * signed, and that entry anchors the older part (rewriting it is caught too).
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { databasePath } from '@taizhang/server/storage'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { BIN, REPO_ROOT, startTestServer, type TestServer } from '../helpers/server'

const run = promisify(execFile)
const servers: TestServer[] = []
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()))
})

interface Row {
  id: number
  at: string
  user_id: string | null
  action: string
  detail: string
  prev_hash: string
  hash: string
}

/** SQL on the server's own database (`?` placeholders on both backends). */
async function sql<T = Row>(server: TestServer, text: string, params: unknown[] = []) {
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl })
    await client.connect()
    try {
      let n = 0
      const { rows } = await client.query(
        text.replace(/\?/g, () => `$${++n}`),
        params,
      )
      return rows.map((r) => ({ ...r, id: Number(r.id) })) as T[]
    } finally {
      await client.end()
    }
  }
  const db = new Database(databasePath(server.dataDir))
  try {
    const statement = db.prepare(text)
    return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[]
  } finally {
    db.close()
  }
}

const chainHash = (r: Omit<Row, 'id' | 'hash'>) =>
  createHash('sha256')
    .update(JSON.stringify([r.prev_hash, r.at, r.user_id, r.action, r.detail]))
    .digest('hex')

/** What a database writer can do: change one entry and recompute every hash after it. */
async function rewrite(server: TestServer, id: number, detail: string) {
  const rows = await sql(server, 'SELECT * FROM audit ORDER BY id')
  let prev = rows.find((r) => r.id === id)!.prev_hash
  for (const r of rows.filter((row) => row.id >= id)) {
    const changed = { ...r, prev_hash: prev, detail: r.id === id ? detail : r.detail }
    const hash = chainHash(changed)
    await sql(server, 'UPDATE audit SET detail = ?, prev_hash = ?, hash = ? WHERE id = ?', [
      changed.detail,
      prev,
      hash,
      r.id,
    ])
    prev = hash
  }
}

const verified = async (server: TestServer) => {
  const admin = await server.login('admin', server.adminPassword)
  const res = await server.api('GET', '/api/audit?limit=5000', admin)
  expect(res.status).toBe(200)
  return res.body as { entries: { id: number; action: string; detail: any }[]; verified: any }
}

const cli = (...args: string[]) =>
  run(process.execPath, [BIN, 'audit', 'verify', ...args], { cwd: REPO_ROOT }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  )
const cliArgs = (server: TestServer) =>
  server.databaseUrl
    ? ['--postgres', server.databaseUrl, '--key-file', join(server.dataDir, 'audit.key')]
    : ['--data', server.dataDir]

describe('the audit log is signed with a key outside the database', () => {
  it('a rewritten entry with a recomputed chain is caught; the key is not in the database', async () => {
    const server = await startTestServer()
    servers.push(server)
    await server.login('admin', server.adminPassword)
    const keyFile = join(server.dataDir, 'audit.key')
    const key = readFileSync(keyFile, 'utf8').trim()
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(statSync(keyFile).mode & 0o077).toBe(0)
    const dump = JSON.stringify(await sql<Record<string, unknown>>(server, 'SELECT * FROM audit'))
    expect(dump).not.toContain(key)

    const before = await verified(server)
    expect(before.verified).toMatchObject({ ok: true, keyed: true })
    // a new log is signed from its first entry, with no key entry needed
    expect(before.entries.map((e) => e.action)).not.toContain('audit-key')
    const login = before.entries.find((e) => e.action === 'login')!
    await rewrite(server, login.id, JSON.stringify({ address: '10.9.9.9' }))
    // the plain chain is intact again: only the signature can tell
    const after = await verified(server)
    expect(after.verified).toMatchObject({ ok: false, brokenAt: login.id })
    expect(after.verified.reason).toMatch(/签名/)

    await server.kill('SIGTERM')
    const offline = await cli(...cliArgs(server))
    expect(offline.code).toBe(1)
    expect(offline.stdout).toContain(`第 ${login.id} 条`)
  })

  it('a log from before keys is re-keyed by one entry that says so, and stays protected', async () => {
    const server = await startTestServer()
    servers.push(server)
    await server.kill('SIGTERM')
    // the database as the previous version left it: entries with the plain chain only, no key
    await sql(server, 'DELETE FROM audit')
    let prev = '0'.repeat(64)
    for (const [i, action] of ['login', 'unit-create', 'user-create'].entries()) {
      const r = {
        prev_hash: prev,
        at: `2026-01-0${i + 1}T08:00:00.000Z`,
        user_id: null,
        action,
        detail: '{}',
      }
      prev = chainHash(r)
      await sql(
        server,
        'INSERT INTO audit (at, user_id, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)',
        [r.at, r.user_id, r.action, r.detail, r.prev_hash, prev],
      )
    }
    rmSync(join(server.dataDir, 'audit.key'))

    await server.restart()
    expect(server.stderr()).toContain('启用密钥之前')
    const log = await verified(server)
    expect(log.verified).toMatchObject({ ok: true, keyed: true })
    const rekey = log.entries[3]!
    expect(rekey.action).toBe('audit-key')
    expect(rekey.detail).toMatchObject({ reason: 'before-key', entriesBefore: 3 })
    expect(rekey.detail.note).toMatch(/启用密钥之前/)
    expect(log.entries.slice(0, 3).map((e) => e.action)).toEqual([
      'login',
      'unit-create',
      'user-create',
    ])

    // rewriting the unsigned part is caught at the entry that anchors it
    await rewrite(server, log.entries[1]!.id, JSON.stringify({ name: '伪造' }))
    const after = await verified(server)
    expect(after.verified).toMatchObject({ ok: false, brokenAt: rekey.id })
  })
})
