/**
 * @module test/docStoreContract
 * The behaviour every `DocStore` backend must have, as one vitest suite (like tldraw's
 * storageContractSuite): `SqliteDocStore.test.ts` and `PgDocStore.test.ts` run the same
 * function. A backend passes a factory for fresh, empty storage; `open()` may be
 * called more than once to get a second store over the SAME storage (a restarted server).
 * Not for: backend-specific checks (pragmas, file layout).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { DocStore } from '../storage/DocStore'

export interface ContractStorage {
  open(): DocStore
  close(): Promise<void> | void
}

/** A small Yjs update that sets `key` to `value` in map `m` of a new doc. */
function update(doc: Y.Doc, key: string, value: unknown): Uint8Array {
  let captured: Uint8Array | null = null
  const capture = (u: Uint8Array): void => {
    captured = u
  }
  doc.on('update', capture)
  doc.getMap('m').set(key, value)
  doc.off('update', capture)
  return captured!
}

async function rebuild(store: DocStore, sheetId: string): Promise<Y.Doc> {
  const { snapshot, updates } = await store.load(sheetId)
  const doc = new Y.Doc()
  if (snapshot) Y.applyUpdate(doc, snapshot)
  for (const u of updates) Y.applyUpdate(doc, u.data)
  return doc
}

export function docStoreContract(name: string, makeStorage: () => Promise<ContractStorage>): void {
  describe(`DocStore contract: ${name}`, () => {
    async function withStore(
      fn: (store: DocStore, storage: ContractStorage) => Promise<void>,
    ): Promise<void> {
      const storage = await makeStorage()
      try {
        await fn(storage.open(), storage)
      } finally {
        await storage.close()
      }
    }

    it('loads an unknown sheet as empty', () =>
      withStore(async (store) => {
        expect(await store.load('nope')).toEqual({ snapshot: null, uptoSeq: 0, updates: [] })
        expect(await store.readLog('nope')).toEqual([])
        expect(await store.lastSeq('nope')).toBe(0)
      }))

    it('assigns seqs 1, 2, 3… per sheet in call order and returns the bytes unchanged', () =>
      withStore(async (store) => {
        const doc = new Y.Doc()
        const updates = [update(doc, 'a', 1), update(doc, 'b', 2), update(doc, 'c', 3)]
        const seqs = await Promise.all(updates.map((u) => store.append('s1', u, 'u1', new Date())))
        expect(seqs).toEqual([1, 2, 3])
        expect(await store.append('s2', updates[0]!, null, new Date())).toBe(1)
        const loaded = await store.load('s1')
        expect(loaded.updates.map((u) => u.seq)).toEqual([1, 2, 3])
        loaded.updates.forEach((u, i) =>
          expect(Array.from(u.data)).toEqual(Array.from(updates[i]!)),
        )
        expect(await store.lastSeq('s1')).toBe(3)
      }))

    it('keeps every acknowledged append across a reopen (a restarted server)', () =>
      withStore(async (store, storage) => {
        const doc = new Y.Doc()
        for (let i = 0; i < 50; i++)
          await store.append('s', update(doc, `k${i}`, i), 'u', new Date())
        const again = storage.open()
        expect((await again.load('s')).updates).toHaveLength(50)
        expect(await again.append('s', update(doc, 'after', true), 'u', new Date())).toBe(51)
        expect((await rebuild(again, 's')).getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON())
      }))

    it('gives concurrent appends distinct consecutive seqs', () =>
      withStore(async (store) => {
        const doc = new Y.Doc()
        const all = await Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            store.append('s', update(doc, `k${i}`, i), null, new Date()),
          ),
        )
        expect(all).toEqual(Array.from({ length: 200 }, (_, i) => i + 1))
      }))

    it('loads snapshot + newer updates after compaction, and keeps the log for history', () =>
      withStore(async (store) => {
        const doc = new Y.Doc()
        for (let i = 0; i < 10; i++)
          await store.append('s', update(doc, `k${i}`, i), 'u1', new Date())
        await store.compact('s', Y.encodeStateAsUpdate(doc), 10)
        for (let i = 10; i < 13; i++)
          await store.append('s', update(doc, `k${i}`, i), 'u2', new Date())
        const loaded = await store.load('s')
        expect(loaded.snapshot).not.toBeNull()
        expect(loaded.uptoSeq).toBe(10)
        expect(loaded.updates.map((u) => u.seq)).toEqual([11, 12, 13])
        expect((await rebuild(store, 's')).getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON())
        const log = await store.readLog('s')
        expect(log.map((u) => u.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1))
        expect(log[0]!.userId).toBe('u1')
        expect(log[12]!.userId).toBe('u2')
      }))

    it('never lets an older snapshot replace a newer one', () =>
      withStore(async (store) => {
        const doc = new Y.Doc()
        await store.append('s', update(doc, 'a', 1), null, new Date())
        const early = Y.encodeStateAsUpdate(doc)
        await store.append('s', update(doc, 'b', 2), null, new Date())
        await store.compact('s', Y.encodeStateAsUpdate(doc), 2)
        await store.compact('s', early, 1)
        const loaded = await store.load('s')
        expect(loaded.uptoSeq).toBe(2)
        expect((await rebuild(store, 's')).getMap('m').toJSON()).toEqual({ a: 1, b: 2 })
      }))

    it('reads the attributed log up to a time', () =>
      withStore(async (store) => {
        const doc = new Y.Doc()
        await store.append('s', update(doc, 'a', 1), 'u1', new Date('2026-01-01T00:00:00Z'))
        await store.append('s', update(doc, 'a', 2), 'u2', new Date('2026-02-01T00:00:00Z'))
        await store.append('s', update(doc, 'a', 3), null, new Date('2026-03-01T00:00:00Z'))
        const until = await store.readLog('s', { until: new Date('2026-02-01T00:00:00Z') })
        expect(until.map((u) => [u.seq, u.userId, u.at])).toEqual([
          [1, 'u1', '2026-01-01T00:00:00.000Z'],
          [2, 'u2', '2026-02-01T00:00:00.000Z'],
        ])
      }))
  })
}
