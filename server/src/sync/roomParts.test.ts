/**
 * @module sync/roomParts.test
 * The room's follow-up parts on their own, without a room or a socket: which rows a
 * transaction touched (`changedRows.ts`), which guarded meta keys and conflict records a client
 * overwrote and the change that puts them back (`guardedMeta.ts`), and who wrote each side of a conflict
 * (`conflictAuthors.ts`), from memory or from the stored log; and when the snapshot counters
 * (`roomSnapshots.ts`) ask `compactionPolicy.ts` for a snapshot.
 */
import { insertRow, rowsMap, updateRow } from '@taizhang/schema'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { LoggedUpdate } from '../storage/DocStore'
import { SERVER_ORIGIN } from './change'
import { ChangedRows } from './changedRows'
import { ConflictAuthors } from './conflictAuthors'
import type { DetectedConflict } from './conflictDetector'
import { GuardedConflicts, GuardedMeta } from './guardedMeta'
import { RoomSnapshots } from './roomSnapshots'

function watched() {
  const doc = new Y.Doc()
  const rows = new ChangedRows()
  doc.on('afterTransaction', (transaction: Y.Transaction) => rows.note(doc, transaction))
  return { doc, rows }
}

describe('ChangedRows', () => {
  it('names the rows whose cells, position or deletion changed, once per report', () => {
    const { doc, rows } = watched()
    const a = insertRow(doc, { name: '甲公司' })
    const b = insertRow(doc, { name: '乙公司' })
    expect(rows.take()?.sort()).toEqual([a, b].sort())
    expect(rows.take()).toBeNull()
    updateRow(doc, a, { employees: 12 })
    rowsMap(doc).get(b)!.set('_deleted', true)
    expect(rows.take()?.sort()).toEqual([a, b].sort())
  })

  it('reports a change outside the rows with no row named', () => {
    const { doc, rows } = watched()
    doc.getMap('meta').set('title', '台账')
    expect(rows.take()).toEqual([])
  })
})

describe('GuardedMeta', () => {
  const client = {} // any object origin is a client connection

  it('restores what a client overwrote of template, unitId, status and schemaVersion', () => {
    const doc = new Y.Doc()
    const meta = doc.getMap('meta')
    meta.set('status', 'draft')
    meta.set('template', 'ledger')
    const guarded = new GuardedMeta(doc)
    doc.transact(() => {
      meta.set('status', 'accepted')
      meta.set('status', 'returned')
      meta.set('unitId', 'elsewhere')
      meta.set('title', '改名')
    }, client)
    const restore = guarded.takeRestore()
    expect(restore).not.toBeNull()
    expect(guarded.takeRestore()).toBeNull()
    doc.transact(() => restore!(doc), SERVER_ORIGIN)
    expect(meta.toJSON()).toEqual({ status: 'draft', template: 'ledger', title: '改名' })
  })

  it('leaves the server and client writes of other keys alone', () => {
    const doc = new Y.Doc()
    const guarded = new GuardedMeta(doc)
    doc.transact(() => doc.getMap('meta').set('status', 'submitted'), SERVER_ORIGIN)
    doc.transact(() => doc.getMap('meta').set('title', '台账'), client)
    expect(guarded.takeRestore()).toBeNull()
  })
})

describe('GuardedConflicts', () => {
  const client = {}
  const record = (by: string) => ({
    rowId: 'r1',
    column: 'name',
    values: [{ value: '甲', by, at: '2026-01-01T00:00:00.000Z' }],
    resolved: false,
  })

  it('puts back every record a client added, changed or removed', () => {
    const doc = new Y.Doc()
    const map = doc.getMap('conflicts')
    const kept = record('u1')
    doc.transact(() => map.set('r1/name', kept), SERVER_ORIGIN)
    const guarded = new GuardedConflicts(doc)
    doc.transact(() => {
      map.set('r1/name', record('someone-else'))
      map.set('r2/name', 'a string')
      map.set('r3/name', new Y.Map())
    }, client)
    doc.transact(() => guarded.takeRestore()!(doc), SERVER_ORIGIN)
    expect(map.toJSON()).toEqual({ 'r1/name': kept })
    doc.transact(() => map.delete('r1/name'), client)
    doc.transact(() => guarded.takeRestore()!(doc), SERVER_ORIGIN)
    expect(map.toJSON()).toEqual({ 'r1/name': kept })
  })

  it('leaves the server’s own records alone', () => {
    const doc = new Y.Doc()
    const guarded = new GuardedConflicts(doc)
    doc.transact(() => doc.getMap('conflicts').set('r1/name', record('u1')), SERVER_ORIGIN)
    expect(guarded.takeRestore()).toBeNull()
  })
})

describe('ConflictAuthors', () => {
  const conflict = (a: number, b: number): DetectedConflict => ({
    rowId: 'r1',
    column: 'employees',
    values: [
      { value: 10, client: a },
      { value: 12, client: b },
    ],
  })

  it('names the authors it saw write, with their time, without reading the log', () => {
    let reads = 0
    const authors = new ConflictAuthors(
      async () => {
        reads++
        return []
      },
      (id) => `用户${id}`,
    )
    authors.wrote([1], 'u1', new Date('2026-03-01T08:00:00Z'))
    authors.wrote([2, 3], 'u2', new Date('2026-03-01T09:00:00Z'))
    expect(authors.knowsAll([conflict(1, 2)])).toBe(true)
    expect(authors.attribute([conflict(1, 3)])[0]!.values).toEqual([
      { value: 10, by: '用户u1', at: '2026-03-01T08:00:00.000Z' },
      { value: 12, by: '用户u2', at: '2026-03-01T09:00:00.000Z' },
    ])
    expect(reads).toBe(0)
  })

  it('learns a client id it has not seen from the stored log, reading it once', async () => {
    const earlier = new Y.Doc()
    earlier.getMap('meta').set('title', '台账')
    const log: LoggedUpdate[] = [
      { seq: 1, data: Uint8Array.of(1, 2, 3), userId: 'broken', at: '2026-01-01T00:00:00Z' },
      {
        seq: 2,
        data: Y.encodeStateAsUpdate(earlier),
        userId: 'u9',
        at: '2026-02-01T00:00:00.000Z',
      },
    ]
    let reads = 0
    const authors = new ConflictAuthors(
      async () => {
        reads++
        return log
      },
      (id) => id,
    )
    authors.wrote([2], null, new Date('2026-03-01T00:00:00Z'))
    const detected = [conflict(earlier.clientID, 2)]
    expect(authors.knowsAll(detected)).toBe(false)
    await Promise.all([authors.learnFromLog(), authors.learnFromLog()])
    expect(reads).toBe(1)
    expect(authors.knowsAll(detected)).toBe(true)
    // a server change (no user) is attributed to nobody
    expect(authors.attribute(detected)[0]!.values.map((v) => v.by)).toEqual(['u9', ''])
  })
})

describe('RoomSnapshots', () => {
  afterEach(() => vi.useRealTimers())

  function snapshots(compactEvery = 3) {
    const written: number[] = []
    const parts = new RoomSnapshots({
      compactEvery,
      compactAfterMs: 60_000,
      busy: () => false,
      settled: async () => {},
      encode: () => Uint8Array.of(0, 0),
      write: async (_state, upto) => {
        written.push(upto)
      },
      onError: (error) => {
        throw error
      },
    })
    return { parts, written }
  }
  const loaded = { snapshot: null, uptoSeq: 0, updates: [{ seq: 1, data: Uint8Array.of(0, 0) }] }

  it('snapshots by count, and once quiet: the quiet time counting from the load', async () => {
    vi.useFakeTimers()
    const { parts, written } = snapshots()
    parts.loaded(loaded)
    parts.check() // a turn that stored nothing: the sheet was just opened, not quiet
    expect(written).toEqual([])
    parts.stored(2, 10)
    parts.check()
    vi.advanceTimersByTime(30_000)
    expect(written).toEqual([])
    parts.stored(3, 10)
    parts.check()
    expect(written).toEqual([3])
    parts.stored(4, 10)
    parts.check()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(written).toEqual([3, 4])
  })
})
