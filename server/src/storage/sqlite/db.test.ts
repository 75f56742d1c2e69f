// The database opens in WAL mode with foreign keys, applies every migration once, and
// refuses a database newer than the program.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate, openDatabase } from './db'
import { migrations } from './migrations'

const dir = mkdtempSync(join(tmpdir(), 'taizhang-db-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('openDatabase', () => {
  it('uses WAL and foreign keys, and is at the latest migration', () => {
    const db = openDatabase(dir)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length)
    expect(() =>
      db
        .prepare(
          `INSERT INTO grants (user_id, unit_id, role) VALUES ('nobody', 'nowhere', 'filler')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/)
    db.close()
  })

  it('opening again applies nothing twice', () => {
    const db = openDatabase(dir)
    expect(() => migrate(db)).not.toThrow()
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length)
    db.close()
  })

  it('refuses a database from a newer version', () => {
    const db = openDatabase(':memory:')
    db.pragma(`user_version = ${migrations.length + 1}`)
    expect(() => migrate(db)).toThrow(/升级/)
  })
})
