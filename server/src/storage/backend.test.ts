/**
 * @module storage/backend.test
 * Choosing the backend from the settings: `--redis` needs `--postgres`; SQLite by default
 * with its readiness check and metrics; PostgreSQL (a fresh database) with the same meta
 * store behaviour the API relies on, the audit chain, and metered appends; the SQLite store
 * commits edits nobody asked about within `TAIZHANG_FLUSH_AFTER_MS`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../config'
import { databasePath } from './sqlite/db'
import { openPgPool } from './postgres/pgDatabase'
import { PgAuditLog } from './postgres/PgAuditLog'
import { createTestDatabase } from '../test/testDatabase'
import { openBackend } from './backend'

const rooms = { stats: () => ({ rooms: 2, connections: 5, unloading: 0 }) }
const quiet = () => {}

describe('backend selection', () => {
  it('refuses --redis without --postgres and reads both from flags or environment', () => {
    expect(() => loadConfig(['--redis', 'redis://127.0.0.1:6379'], {})).toThrow(ConfigError)
    expect(() => loadConfig(['--postgres', 'mysql://x'], {})).toThrow(/--postgres/)
    const config = loadConfig(['--redis', 'redis://r:6379'], {
      TAIZHANG_POSTGRES_URL: 'postgres://p/db',
    })
    expect([config.postgres, config.redis]).toEqual(['postgres://p/db', 'redis://r:6379'])
  })

  it('uses SQLite in the data directory by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-backend-'))
    const backend = await openBackend(loadConfig(['--data', dir], {}), quiet)
    try {
      expect(backend.kind).toBe('sqlite')
      expect(backend.cluster).toBeNull()
      const ops = backend.ops(rooms)
      await ops.checks.database!()
      await backend.docStore.append('s', new Uint8Array([0, 0]), null, new Date())
      const metrics = Object.fromEntries(ops.metrics().map((m) => [m.name, m.value]))
      expect(metrics.taizhang_connections).toBe(5)
      expect(metrics.taizhang_open_sheets).toBe(2)
      expect(metrics.taizhang_updates_stored_total).toBe(1)
    } finally {
      await backend.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('commits and flushes an edit nobody asks about within TAIZHANG_FLUSH_AFTER_MS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-backend-'))
    const config = loadConfig(['--data', dir], { TAIZHANG_FLUSH_AFTER_MS: '20' })
    const backend = await openBackend(config, quiet)
    const reader = new Database(databasePath(dir), { readonly: true })
    try {
      await backend.docStore.append('s', new Uint8Array([0, 0]), null, new Date())
      const stored = () =>
        (reader.prepare('SELECT count(*) AS n FROM updates').get() as { n: number }).n
      const deadline = Date.now() + 600 // the default (1 s) would not make it
      while (stored() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
      expect(stored()).toBe(1)
    } finally {
      reader.close()
      await backend.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('keeps users, units, sheets, workflow and audit in PostgreSQL', async () => {
    const db = await createTestDatabase()
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-backend-'))
    const backend = await openBackend(loadConfig(['--data', dir, '--postgres', db.url], {}), quiet)
    try {
      expect(backend.kind).toBe('postgres')
      const { store } = backend
      const district = await store.units.create({ name: '区', parentId: null, level: 'district' })
      const grid = await store.units.create({ name: '网格', parentId: district.id, level: 'grid' })
      expect((await store.units.list()).map((u) => u.name)).toEqual(['区', '网格'])
      expect(await store.units.list()).toBe(await store.units.list()) // identity kept
      const user = await store.users.create({
        username: 'wang',
        displayName: '小王',
        passwordHash: 'h',
        grants: [{ unitId: grid.id, role: 'filler' }],
      })
      await store.users.addGrants(user.id, [{ unitId: district.id, role: 'reviewer' }])
      await store.users.removeGrants(user.id, [{ unitId: grid.id, role: 'filler' }])
      expect((await store.users.byUsername('wang'))?.grants).toEqual([
        { unitId: district.id, role: 'reviewer' },
      ])
      expect(await store.users.count()).toBe(1)
      const sheet = await store.sheets.create({
        id: 'sh1',
        unitId: grid.id,
        template: 'ledger',
        title: '台账',
        createdBy: user.id,
      })
      expect(sheet.status).toBe('draft')
      expect(
        await store.sheets.transition('sh1', 'draft', 'submitted', {
          action: 'submit',
          userId: user.id,
        }),
      ).toBe(true)
      expect(
        await store.sheets.transition('sh1', 'draft', 'submitted', {
          action: 'submit',
          userId: user.id,
        }),
      ).toBe(false)
      expect((await store.events.list('sh1')).map((e) => [e.action, e.toStatus])).toEqual([
        ['submit', 'submitted'],
      ])
      expect(await store.sheets.list([district.id])).toEqual([])
      expect((await store.sheets.list([grid.id])).map((s) => s.id)).toEqual(['sh1'])
      const expires = new Date(Date.now() - 1000).toISOString()
      await store.sessions.create({
        tokenHash: 't',
        userId: user.id,
        createdAt: expires,
        expiresAt: expires,
      })
      expect((await store.sessions.find('t'))?.userId).toBe(user.id)
      expect(await store.sessions.purgeExpired(new Date().toISOString())).toBe(1)

      backend.audit({ userId: user.id, action: 'login' })
      backend.audit({ userId: null, action: 'sheet-create', detail: { id: 'sh1' } })
      await backend.ops(rooms).checks.database!()
    } finally {
      await backend.close()
    }
    // the audit entries were flushed by close(); the chain verifies, and breaks when edited
    const pool = openPgPool(db.url)
    try {
      const audit = new PgAuditLog(pool)
      expect(await audit.verify()).toEqual({ ok: true, entries: 2 })
      expect((await audit.read()).map((e) => e.action)).toEqual(['login', 'sheet-create'])
      await pool.query("UPDATE audit SET action = 'logout' WHERE id = 1")
      expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: 1 })
    } finally {
      await pool.end()
      await db.drop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
