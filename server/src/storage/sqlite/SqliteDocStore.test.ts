/**
 * @module storage/sqlite/SqliteDocStore.test
 * Runs the DocStore contract against SQLite files in a temp directory, plus the SQLite
 * specifics: journal, then batch commit and flush (group commit), the journal a killed server
 * leaves, the checkpoint thread, and failed commits.
 */
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { encodeRecord, journalFiles, readJournal } from './appendJournal'
import { databasePath, openDatabase, type Db } from './db'
import { docStoreContract } from '../../test/docStoreContract'
import { SqliteDocStore, type SqliteDocStoreOptions } from './SqliteDocStore'

const checkpointerOf = (store: SqliteDocStore): Worker =>
  (store as unknown as { checkpointer: { worker: Worker } }).checkpointer.worker

async function waitUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10))
}

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
  const withStore = async (
    test: (store: SqliteDocStore, db: Db, dir: string) => Promise<void>,
    options?: SqliteDocStoreOptions,
  ) => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-docstore-'))
    const db = openDatabase(dir)
    const store = new SqliteDocStore(db, options)
    try {
      await test(store, db, dir)
    } finally {
      await store.close()
      db.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }

  it('journals an append before it resolves, then commits and flushes it for durable()', () =>
    withStore(async (store, db, dir) => {
      const appended = Array.from({ length: 50 }, (_, i) =>
        store.append('s', new Uint8Array([0, i]), `u${i}`, new Date()),
      )
      expect(await Promise.all(appended)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
      // in the journal file already: a killed process cannot lose them
      const [file, ...more] = journalFiles(databasePath(dir))
      expect(more).toEqual([])
      const journaled = readJournal(file!.path)
      expect(journaled.map((r) => [r.seq, r.userId, [...r.data]])).toEqual(
        Array.from({ length: 50 }, (_, i) => [i + 1, `u${i}`, [0, i]]),
      )
      // the committing connection leaves the flush (and the checkpoints) to the store
      expect(db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
      const syncsBefore = store.syncs
      await store.durable()
      expect(store.syncs).toBeGreaterThan(syncsBefore)
      // committed: another connection sees them
      const other = openDatabase(dir)
      expect(other.prepare('SELECT count(*) AS n FROM updates').get()).toEqual({ n: 50 })
      other.close()
      // nothing new: nothing to flush
      const syncsAfter = store.syncs
      await store.durable()
      expect(store.syncs).toBe(syncsAfter)
      // the file goes on being written (one file, not one per commit) until the store closes;
      // appendNow is the same append, acknowledged without a promise
      await store.append('s', new Uint8Array([1]), null, new Date())
      expect(store.appendNow('s', new Uint8Array([2]), 'u', new Date())).toBe(52)
      expect(journalFiles(databasePath(dir))).toEqual([file])
      expect(readJournal(file!.path).map((r) => r.seq)).toEqual(
        Array.from({ length: 52 }, (_, i) => i + 1),
      )
      await store.durable()
      expect((await store.readLog('s')).at(-1)).toMatchObject({ seq: 52, userId: 'u' })
      await store.close()
      expect(existsSync(file!.path)).toBe(false)
    }))

  it('starts a new journal file after a commit once the file is big, and deletes the old one once flushed', () =>
    withStore(
      async (store, _db, dir) => {
        const path = databasePath(dir)
        await store.append('s', new Uint8Array(300), null, new Date())
        const [first] = journalFiles(path)
        await store.durable()
        // under the size: still the file written
        expect(journalFiles(path)).toEqual([first])
        await store.append('s', new Uint8Array(300), null, new Date())
        await store.durable()
        // past it at that commit: ended, and deleted once its commit was flushed
        expect(journalFiles(path)).toEqual([])
        await store.append('s', new Uint8Array(1), null, new Date())
        expect(journalFiles(path).map((f) => f.n)).toEqual([first!.n + 1])
        expect((await store.readLog('s')).map((u) => u.seq)).toEqual([1, 2, 3])
      },
      { journalFileBytes: 500 },
    ))

  it('flushes the commits of a moment together (group commit)', () =>
    withStore(
      async (store) => {
        for (let i = 0; i < 20; i++) {
          await store.append('s', new Uint8Array([0, 0]), null, new Date())
        }
        await store.durable()
        // 20 commits (each awaited), a 50 ms gathering window: far fewer flushes
        expect(store.syncs).toBeLessThan(5)
      },
      { syncDelayMs: 50 },
    ))

  it('flushes at once when durable() is waiting, without waiting for the gathering delay', () =>
    withStore(
      async (store) => {
        await store.append('s', new Uint8Array([0, 0]), 'a', new Date())
        const waited = new Promise((resolve) => setTimeout(resolve, 5_000, 'waited').unref())
        expect(await Promise.race([store.durable().then(() => 'flushed'), waited])).toBe('flushed')
        expect(store.syncs).toBe(1)
      },
      { syncDelayMs: 60_000 },
    ))

  it('commits the journal within the delay without being asked', () =>
    withStore(
      async (store, _db, dir) => {
        await store.append('s', new Uint8Array([0, 0]), 'a', new Date())
        const other = openDatabase(dir)
        const count = () =>
          other.prepare('SELECT count(*) AS n FROM updates').get() as { n: number }
        await waitUntil(() => count().n === 1 && store.syncs > 0)
        expect(count()).toEqual({ n: 1 })
        expect(store.syncs).toBe(1)
        other.close()
      },
      { syncDelayMs: 20 },
    ))

  it('imports the journal a killed server left, skipping a torn last record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-docstore-'))
    const file = databasePath(dir)
    try {
      const first = openDatabase(dir)
      const committed = new SqliteDocStore(first)
      await committed.append('s', new Uint8Array([1]), 'a', new Date())
      await committed.close()
      first.close()
      const at = Date.parse('2026-11-22T08:00:00Z')
      // seq 1 again (committed before the kill: skipped), 2 and 3, then a torn record
      writeFileSync(
        `${file}-appends-7`,
        Buffer.concat(
          [1, 2, 3].map((seq) =>
            encodeRecord({ sheetId: 's', seq, userId: 'b', at, data: new Uint8Array([seq]) }),
          ),
        ),
      )
      const torn = encodeRecord({ sheetId: 's', seq: 4, userId: 'b', at, data: new Uint8Array(9) })
      appendFileSync(`${file}-appends-7`, torn.subarray(0, torn.length - 3))
      const db = openDatabase(dir)
      const store = new SqliteDocStore(db)
      expect(journalFiles(file)).toEqual([])
      const log = await store.readLog('s')
      expect(log.map((u) => [u.seq, u.userId, [...u.data]])).toEqual([
        [1, 'a', [1]],
        [2, 'b', [2]],
        [3, 'b', [3]],
      ])
      expect(log[1]!.at).toBe('2026-11-22T08:00:00.000Z')
      // the torn update was never acknowledged: its seq is given again, in a new file
      expect(await store.append('s', new Uint8Array([4]), 'c', new Date())).toBe(4)
      expect(journalFiles(file).map((f) => f.n)).toEqual([8])
      await store.close()
      db.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('keeps acknowledged appends when a batch commit fails, and commits them later', () =>
    withStore(async (store, db) => {
      db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON updates WHEN NEW.user_id = 'bad'
               BEGIN SELECT RAISE(ABORT, 'refused'); END`)
      expect(await store.append('s', new Uint8Array([0, 0]), 'bad', new Date())).toBe(1)
      await expect(store.durable()).rejects.toThrow('写入数据库失败：refused')
      expect(await store.append('s', new Uint8Array([0, 0]), 'ok', new Date())).toBe(2)
      db.exec('DROP TRIGGER refuse')
      await store.durable()
      expect((await store.readLog('s')).map((u) => [u.seq, u.userId])).toEqual([
        [1, 'bad'],
        [2, 'ok'],
      ])
    }))

  it('moves the WAL into the database file from its checkpoint thread', () =>
    withStore(
      async (store) => {
        for (let i = 0; i < 30; i++) {
          await store.append('s', new Uint8Array(2000).fill(i), null, new Date())
        }
        await waitUntil(() => (store.lastCheckpoint?.checkpointed ?? 0) > 0)
        expect(store.lastCheckpoint!.checkpointed).toBeGreaterThan(0)
      },
      { checkpointEveryMs: 20 },
    ))

  it('checkpoints on its own connection again when the checkpoint thread dies', () =>
    withStore(async (store, db) => {
      expect(await store.append('s', new Uint8Array([0, 0]), 'a', new Date())).toBe(1)
      const exited = new Promise((resolve) => checkpointerOf(store).once('exit', resolve))
      await checkpointerOf(store).terminate()
      await exited
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
      expect(await store.append('s', new Uint8Array([0, 0]), 'b', new Date())).toBe(2)
      await store.durable()
      expect((await store.readLog('s')).map((u) => u.userId)).toEqual(['a', 'b'])
    }))

  it('in memory (no journal), rejects the appends of a failed batch and stays usable', async () => {
    const db = openDatabase(':memory:')
    const store = new SqliteDocStore(db)
    // nothing to acknowledge at once without a journal: the caller uses append
    expect(store.appendNow('s', new Uint8Array([0, 0]), null, new Date())).toBeNull()
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
