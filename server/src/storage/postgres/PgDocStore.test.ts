/**
 * @module storage/postgres/PgDocStore.test
 * The DocStore contract against PostgreSQL (a fresh database per suite), plus what a
 * cluster adds: two stores (two nodes) appending to one sheet get distinct gap-free seqs,
 * and two nodes compacting the same sheet at once never lose or duplicate an update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { docStoreContract } from '../../test/docStoreContract'
import { migratePg, openPgPool, type PgPool } from './pgDatabase'
import { PgDocStore } from './PgDocStore'
import { createTestDatabase, type TestDatabase } from '../../test/testDatabase'

docStoreContract('PostgreSQL', async () => {
  const db = await createTestDatabase()
  const pools: PgPool[] = []
  const first = openPgPool(db.url)
  pools.push(first)
  await migratePg(first)
  let opened = 0
  return {
    open() {
      // the first store uses the migrated pool; later ones are "restarted servers"
      const pool = opened++ === 0 ? first : openPgPool(db.url)
      if (pool !== first) pools.push(pool)
      return new PgDocStore(pool)
    },
    async close() {
      for (const pool of pools) await pool.end()
      await db.drop()
    },
  }
})

describe('PgDocStore in a cluster', () => {
  let db: TestDatabase
  let poolA: PgPool
  let poolB: PgPool
  beforeAll(async () => {
    db = await createTestDatabase()
    poolA = openPgPool(db.url)
    poolB = openPgPool(db.url)
    await Promise.all([migratePg(poolA), migratePg(poolB)])
  })
  afterAll(async () => {
    await poolA.end()
    await poolB.end()
    await db.drop()
  })

  /** `n` single-key updates from their own docs (clients), key prefix `p`. */
  const updates = (p: string, n: number): Uint8Array[] =>
    Array.from({ length: n }, (_, i) => {
      const doc = new Y.Doc()
      doc.getMap('m').set(`${p}${i}`, i)
      return Y.encodeStateAsUpdate(doc)
    })

  it('gives appends from two nodes distinct, gap-free seqs', async () => {
    const a = new PgDocStore(poolA)
    const b = new PgDocStore(poolB)
    const seqs = await Promise.all([
      ...updates('a', 150).map((u) => a.append('two', u, 'ua', new Date())),
      ...updates('b', 150).map((u) => b.append('two', u, 'ub', new Date())),
    ])
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1))
    // each node's own appends keep their call order
    expect(seqs.slice(0, 150)).toEqual([...seqs.slice(0, 150)].sort((x, y) => x - y))
    expect(await a.lastSeq('two')).toBe(300)
    expect(await b.heads(['two', 'none'])).toEqual(new Map([['two', 300]]))
  })

  it('two nodes compacting the same sheet at once never lose or duplicate an update', async () => {
    const a = new PgDocStore(poolA)
    const b = new PgDocStore(poolB)
    const all = [...updates('x', 400), ...updates('y', 400)]
    let written = 0
    const compactions: Promise<void>[] = []
    // appends from both nodes, each node compacting up to what it has seen, concurrently
    await Promise.all(
      [a, b].map(async (store, node) => {
        for (let i = node; i < all.length; i += 2) {
          const seq = await store.append('hot', all[i]!, null, new Date())
          written++
          if (i % 40 < 2) compactions.push(store.compact('hot', new Uint8Array([0, 0]), seq))
        }
      }),
    )
    await Promise.all(compactions)
    // both at the very end, at the same time
    await Promise.all([
      a.compact('hot', new Uint8Array(), 800),
      b.compact('hot', new Uint8Array(), 800),
    ])
    expect(written).toBe(800)
    expect(a.stats.compactions + b.stats.compactions).toBeGreaterThan(0)

    const loaded = await a.load('hot')
    expect(loaded.uptoSeq).toBe(800)
    const doc = new Y.Doc()
    if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot)
    for (const u of loaded.updates) Y.applyUpdate(doc, u.data)
    const m = doc.getMap('m').toJSON()
    expect(Object.keys(m)).toHaveLength(800)
    for (let i = 0; i < 400; i++) expect([m[`x${i}`], m[`y${i}`]]).toEqual([i, i])
    const log = await b.readLog('hot')
    expect(log.map((u) => u.seq)).toEqual(Array.from({ length: 800 }, (_, i) => i + 1))
  })

  it('skips a compaction while another node holds the sheet', async () => {
    const a = new PgDocStore(poolA)
    const b = new PgDocStore(poolB)
    for (const u of updates('z', 5)) await a.append('locked', u, null, new Date())
    const holder = await poolB.connect()
    try {
      await holder.query('BEGIN')
      await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['locked'])
      await a.compact('locked', new Uint8Array(), 5)
      expect(a.stats.compactionsSkipped).toBe(1)
      expect((await b.load('locked')).uptoSeq).toBe(0)
    } finally {
      await holder.query('ROLLBACK')
      holder.release()
    }
    await a.compact('locked', new Uint8Array(), 5)
    expect((await b.load('locked')).uptoSeq).toBe(5)
  })
})
