/**
 * @module storage/SqliteDocStore.test
 * Runs the DocStore contract against SQLite files in a temp directory, plus the SQLite
 * specifics: commits from the writer thread, and a failed batch.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, type Db } from './db'
import { docStoreContract } from './docStoreContract'
import { SqliteDocStore } from './SqliteDocStore'

const writerOf = (store: SqliteDocStore): Worker => (store as unknown as { writer: Worker }).writer

docStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-docstore-'))
  const dbs: Db[] = []
  const stores: SqliteDocStore[] = []
  return {
    open() {
      const db = openDatabase(dir)
      dbs.push(db)
      const store = new SqliteDocStore(db)
      stores.push(store)
      return store
    },
    async close() {
      for (const store of stores) await store.close()
      for (const db of dbs) db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})

describe('SqliteDocStore', () => {
  it('commits with synchronous = FULL in its writer thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-docstore-'))
    const db = openDatabase(dir)
    const store = new SqliteDocStore(db)
    const appended = Array.from({ length: 50 }, (_, i) =>
      store.append('s', new Uint8Array([0, 0]), `u${i}`, new Date()),
    )
    expect(await Promise.all(appended)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    // another connection sees them: they are committed, not just queued
    const other = openDatabase(dir)
    expect(other.prepare('SELECT count(*) AS n FROM updates').get()).toEqual({ n: 50 })
    other.close()
    await store.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps storing (inline) when its writer thread dies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-docstore-'))
    const db = openDatabase(dir)
    const store = new SqliteDocStore(db)
    expect(await store.append('s', new Uint8Array([0, 0]), 'a', new Date())).toBe(1)
    const exited = new Promise((resolve) => writerOf(store).once('exit', resolve))
    await writerOf(store).terminate()
    await exited
    expect(await store.append('s', new Uint8Array([0, 0]), 'b', new Date())).toBe(2)
    expect((await store.readLog('s')).map((u) => u.userId)).toEqual(['a', 'b'])
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    await store.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('rejects the appends of a failed batch and stays usable', async () => {
    const db = openDatabase(':memory:')
    const store = new SqliteDocStore(db)
    await store.append('s', new Uint8Array([0, 0]), null, new Date())
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON updates WHEN NEW.user_id = 'bad'
             BEGIN SELECT RAISE(ABORT, 'refused'); END`)
    await expect(store.append('s', new Uint8Array([0, 0]), 'bad', new Date())).rejects.toThrow(
      'refused',
    )
    // the failed seq stays unused; the store goes on
    expect(await store.append('s', new Uint8Array([0, 0]), 'ok', new Date())).toBe(3)
    expect((await store.readLog('s')).map((u) => [u.seq, u.userId])).toEqual([
      [1, null],
      [3, 'ok'],
    ])
    db.close()
  })
})
