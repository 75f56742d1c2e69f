import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  appendRows,
  conflictAt,
  deleteRow,
  insertRow,
  moveRow,
  readConflicts,
  readRows,
  POS,
  restoreRow,
  rowAt,
  setCell,
} from './sheetDoc'

describe('sheet document layout', () => {
  it('keeps rows in _pos order and supports insert between, move, soft delete and restore', () => {
    const doc = new Y.Doc()
    const [a, c] = appendRows(doc, [{ name: 'A' }, { name: 'C' }])
    const b = insertRow(doc, { name: 'B' }, { after: a, before: c })
    expect(readRows(doc).map((r) => r.name)).toEqual(['A', 'B', 'C'])
    moveRow(doc, a!, { after: c })
    expect(readRows(doc).map((r) => r.name)).toEqual(['B', 'C', 'A'])
    deleteRow(doc, b)
    expect(readRows(doc).map((r) => r.name)).toEqual(['C', 'A'])
    expect(readRows(doc, { includeDeleted: true })).toHaveLength(3)
    restoreRow(doc, b)
    expect(readRows(doc).map((r) => r.name)).toEqual(['B', 'C', 'A'])
    expect(Object.keys(readRows(doc)[0]!)).not.toContain('_pos')
  })

  it('an offline edit to a row deleted elsewhere is not lost', () => {
    const one = new Y.Doc()
    const id = insertRow(one, { name: '甲公司', employees: 10 })
    const two = new Y.Doc()
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
    deleteRow(one, id)
    setCell(two, id, 'employees', 12)
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two))
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
    const restored = readRows(one, { includeDeleted: true })
    expect(restored[0]!.employees).toBe(12)
    restoreRow(one, id)
    expect(readRows(one)[0]!.employees).toBe(12)
  })

  it('inserts, appends and moves next to a row whose _pos another client wrote as a bad key', () => {
    // a fuzzed update once left the key 'i2' (too short for its 'i' head) as a row's _pos
    const doc = new Y.Doc()
    const [a, bad] = appendRows(doc, [{ name: 'A' }, { name: '坏位置' }])
    rowAt(doc, bad!)!.set(POS, 'i2')
    const b = insertRow(doc, { name: 'B' })
    const c = insertRow(doc, { name: 'C' }, { after: a, before: bad })
    appendRows(doc, [{ name: 'D' }])
    moveRow(doc, a!, { after: bad })
    const names = readRows(doc).map((r) => r.name)
    expect(names).toHaveLength(5)
    expect(names.indexOf('B')).toBeLessThan(names.indexOf('D'))
    expect(readRows(doc).map((r) => r.id)).toEqual(expect.arrayContaining([a, bad, b, c]))
  })

  it('reads a row id from the map key, never from a cell keyed id or __proto__', () => {
    const doc = new Y.Doc()
    const [id] = appendRows(doc, [{ name: 'A' }])
    rowAt(doc, id!)!.set('id', 'forged')
    rowAt(doc, id!)!.set('__proto__', 'forged')
    const [row] = readRows(doc)
    expect(row).toEqual({ id, name: 'A' })
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype)
  })

  it('reads only well-formed conflict records', () => {
    const doc = new Y.Doc()
    const map = doc.getMap('conflicts')
    const good = {
      rowId: 'r',
      column: 'name',
      values: [{ value: 1, by: 'u', at: '2026-01-01T00:00:00.000Z' }],
      resolved: false,
    }
    map.set('r/name', good)
    map.set('s/name', 'a string')
    map.set('t/name', { ...good, rowId: 't', values: [{ value: {}, by: 'u', at: '' }] })
    map.set('u/name', { ...good, rowId: 'u', resolved: 'no' })
    map.set('v/name', new Y.Map())
    expect(readConflicts(doc)).toEqual([good])
    expect(conflictAt(doc, 'r', 'name')).toEqual(good)
    expect(conflictAt(doc, 's', 'name')).toBeUndefined()
  })
})
