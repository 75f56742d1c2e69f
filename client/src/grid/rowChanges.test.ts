import { appendRows, deleteRow, moveRow, rowsMap, setCell, updateRow } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RowChange } from './remoteEditDecision'
import { gridRowOf, loadGridRows, rowChangesOf } from './rowChanges'

/** Collect the per-row changes of every transaction on `doc` (as the grid observes them). */
function watch(doc: Y.Doc): Map<string, RowChange>[] {
  const seen: Map<string, RowChange>[] = []
  const rows = rowsMap(doc) as Y.Map<unknown>
  rows.observeDeep((events) => seen.push(rowChangesOf(rows, events)))
  return seen
}

describe('rowChangesOf', () => {
  it('reports new rows with their cells as an order change', () => {
    const doc = new Y.Doc()
    const seen = watch(doc)
    const [id] = appendRows(doc, [{ name: '甲', employees: 5 }])
    expect(seen).toHaveLength(1)
    expect(seen[0]!.get(id!)).toEqual({
      rowId: id,
      cells: { name: '甲', employees: 5 },
      deletedChanged: true,
      orderChanged: true,
    })
  })

  it('reports changed cells with their new values, deletes and moves per row', () => {
    const doc = new Y.Doc()
    const [a, b] = appendRows(doc, [{ name: '甲' }, { name: '乙' }])
    const seen = watch(doc)
    updateRow(doc, a!, { name: '甲公司', employees: 7 })
    doc.transact(() => {
      setCell(doc, b!, 'members', null)
      deleteRow(doc, b!)
      moveRow(doc, a!, { after: b!, before: null })
    })
    expect(seen[0]!.get(a!)).toEqual({
      rowId: a,
      cells: { name: '甲公司', employees: 7 },
      deletedChanged: false,
      orderChanged: false,
    })
    expect(seen[1]!.get(b!)).toEqual({
      rowId: b,
      cells: { members: null },
      deletedChanged: true,
      orderChanged: false,
    })
    expect(seen[1]!.get(a!)?.orderChanged).toBe(true)
  })

  it('sees a remote update the same way as a local one', () => {
    const remote = new Y.Doc()
    const [id] = appendRows(remote, [{ name: '甲' }])
    const local = new Y.Doc()
    Y.applyUpdate(local, Y.encodeStateAsUpdate(remote))
    const seen = watch(local)
    const before = Y.encodeStateVector(remote)
    setCell(remote, id!, 'employees', 40)
    Y.applyUpdate(local, Y.encodeStateAsUpdate(remote, before), 'provider')
    expect(seen[0]!.get(id!)?.cells).toEqual({ employees: 40 })
  })
})

describe('gridRowOf', () => {
  it('is the plain row plus its deleted flag', () => {
    const doc = new Y.Doc()
    const [id] = appendRows(doc, [{ name: '甲' }])
    deleteRow(doc, id!)
    expect(gridRowOf(doc, id!)).toEqual({ id, name: '甲', _deleted: true })
    expect(gridRowOf(doc, 'nope')).toBeNull()
  })
})

describe('loadGridRows', () => {
  it('reads every row once in sheet order, deleted ones flagged, non-rows skipped', () => {
    const doc = new Y.Doc()
    const [a, b, c] = appendRows(doc, [{ name: '甲' }, { name: '乙' }, { name: '丙' }])
    moveRow(doc, c!, { before: a! })
    deleteRow(doc, b!)
    ;(rowsMap(doc) as Y.Map<unknown>).set('junk', 42)
    const { rows, order } = loadGridRows(doc)
    expect(rows.map((r) => [r.id, r.name, r._deleted])).toEqual([
      [c, '丙', false],
      [a, '甲', false],
      [b, '乙', true],
    ])
    expect([...order]).toEqual([
      [c, 0],
      [a, 1],
      [b, 2],
    ])
    expect(gridRowOf(doc, 'junk')).toBeNull()
  })
})
