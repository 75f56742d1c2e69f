// The hash-chained audit log (SPEC §11, docs/ARCHITECTURE.md §9): logins, workflow actions, grant changes,
// imports and exports are recorded; `taizhang audit verify` passes on the untouched log
// and names the first tampered row; `taizhang audit export` writes it as JSON lines.
import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createTestDatabase } from '@taizhang/server/test'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { BIN, REPO_ROOT, seedFixture, startTestServer } from '../helpers/server'

const run = promisify(execFile)
const taizhang = (...args: string[]) =>
  run(process.execPath, [BIN, ...args], { cwd: REPO_ROOT }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  )

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('audit log', () => {
  it('records security-relevant actions and detects tampering', async () => {
    const server = await startTestServer()
    dirs.push(server.dataDir)
    const fx = await seedFixture(server)
    const csv = new FormData()
    csv.set(
      'file',
      new Blob(['组织名称,组织类别,从业人员数,组建方式\n甲公司,非公企业,12,未建立\n']),
      'a.csv',
    )
    const imported = await fetch(`${server.url}/api/sheets/${fx.sheets.sheetA1}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fx.tokens.lead}` },
      body: csv,
    })
    expect(imported.status).toBe(200)
    const exported = await server.api(
      'GET',
      `/api/sheets/${fx.sheets.sheetA1}/export?format=csv`,
      fx.tokens.lead,
    )
    expect(exported.status).toBe(200)
    expect(
      (await server.api('POST', `/api/sheets/${fx.sheets.sheetA1}/submit`, fx.tokens.lead)).status,
    ).toBe(200)
    // over HTTP: the tree's admin reads (and downloads) the verified chain; nobody else
    const viaHttp = await server.api('GET', '/api/audit?limit=5000', fx.tokens.admin)
    expect(viaHttp.status).toBe(200)
    expect(viaHttp.body.verified.ok).toBe(true)
    expect(viaHttp.body.entries.map((e: { action: string }) => e.action)).toContain('sheet-export')
    const jsonl = await server.api('GET', '/api/audit?format=jsonl', fx.tokens.admin)
    expect(jsonl.headers.get('content-disposition')).toContain('audit.jsonl')
    // filtered in the database: by user (actor or subject), action, Shanghai day, newest first
    const all = viaHttp.body.entries as { id: number; at: string; userId: string; action: string }[]
    const query = async (q: string) => {
      const res = await server.api('GET', `/api/audit?${q}`, fx.tokens.admin)
      expect(res.status, q).toBe(200)
      return res.body.entries as typeof all
    }
    const exports = await query('action=sheet-export')
    expect(exports.length).toBeGreaterThan(0)
    expect(exports.every((e) => e.action === 'sheet-export')).toBe(true)
    const leads = await query(`user=${fx.users.lead}`)
    expect(leads.length).toBeGreaterThan(0)
    expect(
      leads.every((e) => e.userId === fx.users.lead || JSON.stringify(e).includes(fx.users.lead)),
    ).toBe(true)
    // (every GET /api/audit is itself an entry: compare against the ids read first)
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    const ids = new Set((await query(`from=${today}&to=${today}&limit=5000`)).map((e) => e.id))
    expect(all.every((e) => ids.has(e.id))).toBe(true)
    expect(await query('to=2000-01-01')).toEqual([])
    const end = all.at(-1)!.id + 1
    const newest = await query(`order=desc&limit=3&before=${end}`)
    expect(newest.map((e) => e.id)).toEqual(
      all
        .slice(-3)
        .map((e) => e.id)
        .reverse(),
    )
    const older = await query(`order=desc&limit=2&before=${newest[2]!.id}`)
    expect(older.map((e) => e.id)).toEqual(
      all
        .slice(-5, -3)
        .map((e) => e.id)
        .reverse(),
    )
    for (const bad of [
      'from=2026-13-45x',
      'order=sideways',
      'before=-1',
      `user=${'x'.repeat(65)}`,
    ]) {
      const res = await server.api('GET', `/api/audit?${bad}`, fx.tokens.admin)
      expect(res.status, bad).toBe(400)
    }
    for (const role of ['unitAdmin', 'consolidator', 'lead'] as const) {
      expect((await server.api('GET', '/api/audit', fx.tokens[role])).status).toBe(403)
    }
    expect((await server.api('GET', '/api/audit')).status).toBe(401)
    await server.kill('SIGTERM')

    const verified = await taizhang('audit', 'verify', '--data', server.dataDir)
    expect(verified.code, verified.stderr).toBe(0)
    expect(verified.stdout).toContain('审计日志完整')

    const out = join(server.dataDir, 'audit.jsonl')
    expect((await taizhang('audit', 'export', '--data', server.dataDir, '--out', out)).code).toBe(0)
    const { readFileSync } = await import('node:fs')
    const actions = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).action as string)
    for (const action of [
      'login',
      'unit-create',
      'user-create',
      'sheet-import',
      'sheet-export',
      'workflow-submit',
    ]) {
      expect(actions).toContain(action)
    }

    const db = new Database(join(server.dataDir, 'taizhang.db'))
    db.prepare("UPDATE audit SET detail = '{}' WHERE id = 3").run()
    db.close()
    const tampered = await taizhang('audit', 'verify', '--data', server.dataDir)
    expect(tampered.code).toBe(1)
    expect(tampered.stdout).toContain('第 3 条')
  })

  it('verifies and exports the log of a PostgreSQL deployment (--postgres)', async () => {
    const database = await createTestDatabase()
    try {
      const server = await startTestServer({ env: { TAIZHANG_POSTGRES_URL: database.url } })
      dirs.push(server.dataDir)
      await seedFixture(server)
      await server.kill('SIGTERM')

      const verified = await taizhang('audit', 'verify', '--postgres', database.url)
      expect(verified.code, verified.stderr).toBe(0)
      expect(verified.stdout).toMatch(/审计日志完整：\d+ 条记录/)
      const exported = await taizhang('audit', 'export', '--postgres', database.url)
      expect(exported.code, exported.stderr).toBe(0)
      const actions = exported.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).action as string)
      expect(actions).toEqual(expect.arrayContaining(['login', 'unit-create', 'user-create']))

      const client = new pg.Client({ connectionString: database.url })
      await client.connect()
      await client.query("UPDATE audit SET detail = '{}' WHERE id = 2")
      await client.end()
      const tampered = await taizhang('audit', 'verify', '--postgres', database.url)
      expect(tampered.code).toBe(1)
      expect(tampered.stdout).toContain('第 2 条')
    } finally {
      await database.drop()
    }
  })
})
