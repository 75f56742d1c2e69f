// `taizhang backup` while the server runs and `taizhang restore` into a fresh data dir
// (SPEC §6.3): the restored server holds every sheet exactly as the
// running one had it, and the audit log's hash chain survives the trip.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { insertRow } from '@taizhang/schema'
import { databasePath, encodeRecord } from '@taizhang/server/storage'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { photo, upload } from '../helpers/rectification'
import {
  BIN,
  REPO_ROOT,
  seedFixture,
  startTestServer,
  USER_PASSWORD,
  type TestServer,
} from '../helpers/server'

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

const servers: TestServer[] = []
const dirs: string[] = []
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

async function allSheets(server: TestServer, token: string) {
  const sheets = (await server.api('GET', '/api/sheets', token)).body.sheets as {
    id: string
    status: string
    title: string
  }[]
  const out: Record<string, unknown> = {}
  for (const s of sheets.sort((a, b) => a.id.localeCompare(b.id))) {
    const rows = (await server.api('GET', `/api/sheets/${s.id}/rows`, token)).body.rows
    out[s.id] = { status: s.status, title: s.title, rows }
  }
  return out
}

describe('backup and restore', () => {
  it('restores a consistent copy taken while the server runs', async () => {
    const server = await startTestServer({ args: ['--demo'] })
    servers.push(server)
    const admin = await server.login('admin', server.adminPassword)
    const before = await allSheets(server, admin)
    expect(Object.keys(before).length).toBeGreaterThan(5)

    const work = mkdtempSync(join(tmpdir(), 'taizhang-backup-'))
    dirs.push(work)
    const file = join(work, 'backup.db')
    const backup = await taizhang('backup', '--data', server.dataDir, '--out', file)
    expect(backup.code, backup.stderr).toBe(0)

    // refuses to overwrite, and refuses a data dir that already has a database
    expect((await taizhang('backup', '--data', server.dataDir, '--out', file)).code).toBe(2)
    expect((await taizhang('restore', file, '--data', server.dataDir)).code).toBe(2)

    const restoredDir = join(work, 'restored')
    const restore = await taizhang('restore', file, '--data', restoredDir)
    expect(restore.code, restore.stderr).toBe(0)

    const copy = await startTestServer({ dataDir: restoredDir })
    servers.push(copy)
    const adminCopy = await copy.login('admin', copy.adminPassword)
    expect(await allSheets(copy, adminCopy)).toEqual(before)
  })

  it('includes the updates a killed server left in its append journal', async () => {
    const server = await startTestServer({ args: ['--demo'] })
    servers.push(server)
    const admin = await server.login('admin', server.adminPassword)
    const [sheet] = (await server.api('GET', '/api/sheets', admin)).body.sheets as { id: string }[]
    await server.kill('SIGTERM')
    // what a server killed right after relaying an edit leaves: the edit only in its journal
    const edit = new Y.Doc()
    insertRow(edit, { name: '只在日志里的组织' })
    const journal = `${databasePath(server.dataDir)}-appends-1`
    writeFileSync(
      journal,
      encodeRecord({
        sheetId: sheet!.id,
        seq: 1_000_000,
        userId: null,
        at: Date.now(),
        data: Y.encodeStateAsUpdate(edit),
      }),
    )

    const work = mkdtempSync(join(tmpdir(), 'taizhang-backup-'))
    dirs.push(work)
    const file = join(work, 'backup.db')
    const backup = await taizhang('backup', '--data', server.dataDir, '--out', file)
    expect(backup.code, backup.stderr).toBe(0)
    expect(existsSync(journal)).toBe(true) // the server imports it itself at its next start
    const restoredDir = join(work, 'restored')
    expect((await taizhang('restore', file, '--data', restoredDir)).code).toBe(0)
    const copy = await startTestServer({ dataDir: restoredDir })
    servers.push(copy)
    const adminCopy = await copy.login('admin', copy.adminPassword)
    const rows = (await copy.api('GET', `/api/sheets/${sheet!.id}/rows`, adminCopy)).body.rows
    expect(rows.map((r: { name: string }) => r.name)).toContain('只在日志里的组织')
  })

  it('carries the 佐证材料 files: the restored server serves the same bytes', async () => {
    const server = await startTestServer()
    servers.push(server)
    const fx = await seedFixture(server)
    const bytes = photo(77, 64)
    const up = await upload(server, fx.tokens.filler, bytes)
    expect(up.status).toBe(201)

    const work = mkdtempSync(join(tmpdir(), 'taizhang-backup-'))
    dirs.push(work)
    const file = join(work, 'backup.db')
    const backup = await taizhang('backup', '--data', server.dataDir, '--out', file)
    expect(backup.code, backup.stderr).toBe(0)
    const restoredDir = join(work, 'restored')
    const restore = await taizhang('restore', file, '--data', restoredDir)
    expect(restore.code, restore.stderr).toBe(0)
    expect(restore.stdout).toContain('已恢复 1 个附件')
    const copy = await startTestServer({ dataDir: restoredDir })
    servers.push(copy)
    const token = await copy.login('filler', USER_PASSWORD)
    const res = await fetch(`${copy.url}/api/attachments/${up.body.id}`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(200)
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
    // the restored database does not keep a second copy of the files
    const db = new Database(databasePath(restoredDir), { readonly: true })
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'backup_attachments'").get()
    db.close()
    expect(table).toBeUndefined()
  })

  it('refuses a file that is not a backup, with one line and exit 2', async () => {
    const work = mkdtempSync(join(tmpdir(), 'taizhang-backup-'))
    dirs.push(work)
    const bogus = join(work, 'bogus.db')
    const db = new Database(bogus)
    db.exec('CREATE TABLE x (y)')
    db.close()
    const result = await taizhang('restore', bogus, '--data', join(work, 'new'))
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('不是有效的台账备份文件')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})
