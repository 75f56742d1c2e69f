// The first admin: created once, whoever starts first — also when two nodes start at the
// same moment on one empty PostgreSQL database (or two starts on one SQLite file).
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../storage/sqlite/db'
import type { MetaStore } from '../storage/MetaStore'
import { sqliteMetaStore } from '../storage/sqlite/sqliteMetaStore'
import { migratePg, openPgPool } from '../storage/postgres/pgDatabase'
import { pgMetaStore } from '../storage/postgres/pgMetaStore'
import { createTestDatabase } from '../test/testDatabase'
import { ensureFirstAdmin } from './firstAdmin'
import { verifyPassword } from './passwords'

async function raceTwoStarts(a: MetaStore, b: MetaStore) {
  const results = await Promise.all([
    ensureFirstAdmin(a, 'first-node-password'),
    ensureFirstAdmin(b, 'second-node-password'),
  ])
  expect(results.filter((r) => r.created)).toHaveLength(1)
  const admin = (await a.users.byUsername('admin'))!
  expect(admin.isAdmin).toBe(true)
  // the password is the winner's, and the loser did not overwrite it
  const winner = results[0]!.created ? 'first-node-password' : 'second-node-password'
  expect(await verifyPassword(winner, admin.passwordHash)).toBe(true)
  expect(await ensureFirstAdmin(b, 'third')).toEqual({ created: false })
}

describe('ensureFirstAdmin', () => {
  it('generates a password once and leaves an existing admin alone', async () => {
    const store = sqliteMetaStore(openDatabase(':memory:'))
    const first = await ensureFirstAdmin(store, undefined)
    expect(first.created).toBe(true)
    expect(first.generatedPassword).toMatch(/.{8,}/)
    expect(await ensureFirstAdmin(store, 'another-password')).toEqual({ created: false })
  })

  it('creates one admin when two starts race on one SQLite database', async () => {
    const store = sqliteMetaStore(openDatabase(':memory:'))
    await raceTwoStarts(store, store)
  })

  it('creates one admin when two nodes race on one empty PostgreSQL database', async () => {
    const db = await createTestDatabase()
    const [poolA, poolB] = [openPgPool(db.url), openPgPool(db.url)]
    try {
      await migratePg(poolA)
      await raceTwoStarts(pgMetaStore(poolA), pgMetaStore(poolB))
    } finally {
      await poolA.end()
      await poolB.end()
      await db.drop()
    }
  })
})
