/**
 * @module sync/conflictDetector.test
 * Two docs edit the same cell while apart, then meet on a third ("server") doc.
 */
import { conflictsMap, insertRow, readConflicts, readRow, setCell } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { detectConflicts, recordConflicts, resolveConflict } from './conflictDetector'

function setup(): {
  server: Y.Doc
  a: Y.Doc
  b: Y.Doc
  rowId: string
  found: ReturnType<typeof detectConflicts>
} {
  const server = new Y.Doc()
  const rowId = insertRow(server, { name: '甲' })
  const a = new Y.Doc()
  const b = new Y.Doc()
  Y.applyUpdate(a, Y.encodeStateAsUpdate(server))
  Y.applyUpdate(b, Y.encodeStateAsUpdate(server))
  const found: ReturnType<typeof detectConflicts> = []
  server.on('afterTransaction', (tr: Y.Transaction) => found.push(...detectConflicts(server, tr)))
  return { server, a, b, rowId, found }
}

const sync = (from: Y.Doc, to: Y.Doc): void =>
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))

describe('detectConflicts', () => {
  it('sees two offline edits of one cell, whichever arrives second or wins', () => {
    for (const order of ['ab', 'ba']) {
      const { server, a, b, rowId, found } = setup()
      setCell(a, rowId, 'name', '乙')
      setCell(b, rowId, 'name', '丙')
      const [first, second] = order === 'ab' ? [a, b] : [b, a]
      sync(first!, server)
      expect(found).toEqual([])
      sync(second!, server)
      expect(found).toHaveLength(1)
      expect(found[0]!.rowId).toBe(rowId)
      expect(found[0]!.column).toBe('name')
      expect(new Set(found[0]!.values.map((v) => v.value))).toEqual(new Set(['乙', '丙']))
      const clients = found[0]!.values.map((v) => v.client)
      expect(new Set(clients)).toEqual(new Set([a.clientID, b.clientID]))
    }
  })

  it('sees an offline edit that overwrote itself against the other side', () => {
    const { server, a, b, rowId, found } = setup()
    setCell(a, rowId, 'name', '乙1')
    setCell(a, rowId, 'name', '乙2')
    setCell(b, rowId, 'name', '丙')
    sync(b, server)
    sync(a, server)
    expect(found).toHaveLength(1)
    expect(new Set(found[0]!.values.map((v) => v.value))).toEqual(new Set(['乙2', '丙']))
  })

  it('is quiet for sequential edits, other cells, row order, deletes and equal values', () => {
    const { server, a, b, rowId, found } = setup()
    setCell(a, rowId, 'name', '乙')
    sync(a, server)
    sync(server, b)
    setCell(b, rowId, 'name', '丙') // b had seen 乙: not concurrent
    sync(b, server)
    setCell(a, rowId, 'count', 1) // different cells
    setCell(b, rowId, 'phone', '123')
    a.getMap<Y.Map<unknown>>('rows').get(rowId)!.set('_pos', 'a1')
    b.getMap<Y.Map<unknown>>('rows').get(rowId)!.set('_pos', 'a2')
    b.getMap<Y.Map<unknown>>('rows').get(rowId)!.set('_deleted', true)
    sync(a, server)
    sync(b, server)
    const c = new Y.Doc()
    const d = new Y.Doc()
    sync(server, c)
    sync(server, d)
    setCell(c, rowId, 'name', '同')
    setCell(d, rowId, 'name', '同')
    sync(c, server)
    sync(d, server)
    expect(found).toEqual([])
  })
})

describe('recordConflicts / resolveConflict', () => {
  it('keeps both values until a person decides, then sets the cell and marks it resolved', () => {
    const doc = new Y.Doc()
    const rowId = insertRow(doc, { name: '甲' })
    const values = [
      { value: '乙', by: 'wang', at: '2026-01-01T00:00:00.000Z' },
      { value: '丙', by: 'li', at: '2026-01-01T00:00:01.000Z' },
    ]
    recordConflicts(doc, [{ rowId, column: 'name', values }])
    recordConflicts(doc, [{ rowId, column: 'name', values: [values[1]!] }])
    expect(readConflicts(doc)).toEqual([{ rowId, column: 'name', values, resolved: false }])
    expect(
      resolveConflict(doc, rowId, 'name', '乙', 'zhao', new Date('2026-01-02T00:00:00Z')),
    ).toBe(true)
    expect(readRow(doc, rowId)!.name).toBe('乙')
    expect(conflictsMap(doc).get(`${rowId}/name`)).toMatchObject({
      resolved: true,
      resolvedBy: 'zhao',
      resolvedAt: '2026-01-02T00:00:00.000Z',
    })
    expect(resolveConflict(doc, rowId, 'other', 1, 'zhao')).toBe(false)
  })
})
