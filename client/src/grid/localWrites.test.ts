import {
  appendRows,
  columnsOf,
  deleteRow,
  ledgerTemplate,
  orderedRowIds,
  readRows,
} from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { LOCAL_ORIGIN } from './localOrigin'
import { addRow, moveRowBetween, writeCells, writeTypedCell } from './localWrites'
import { parseTsv, planPaste } from './tsvPaste'

const columns = columnsOf(ledgerTemplate)
const byId = (id: string) => columns.find((c) => c.id === id)!

describe('local writes', () => {
  it('writes a paste running past the last row as ONE transaction with the local origin', () => {
    const doc = new Y.Doc()
    const ids = appendRows(doc, [{ name: '甲' }, { name: '乙' }])
    deleteRow(doc, ids[1]!)
    const origins: unknown[] = []
    doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin))
    const plan = planPaste(parseTsv('丙\t"多行\n备注"\n丁\t\n戊\t好\n'), {
      rowIds: orderedRowIds(doc),
      columns: [byId('name'), byId('note')],
      row: 0,
      col: 0,
    })
    const last = orderedRowIds(doc, { includeDeleted: true }).at(-1) ?? null
    const added = writeCells(doc, plan.updates, plan.newRows, last)
    expect(origins).toEqual([LOCAL_ORIGIN])
    expect(added).toHaveLength(2)
    expect(readRows(doc).map((r) => [r.name, r.note ?? null])).toEqual([
      ['丙', '多行\n备注'],
      ['丁', null],
      ['戊', '好'],
    ])
    // New rows come after the deleted one too, in paste order.
    expect(orderedRowIds(doc, { includeDeleted: true })).toEqual([ids[0], ids[1], ...added])
  })

  it('parses typed text for the column, keeping unreadable text', () => {
    const doc = new Y.Doc()
    const [id] = appendRows(doc, [{}])
    expect(writeTypedCell(doc, id!, byId('employees'), '１，２００人')).toBe(1200)
    expect(writeTypedCell(doc, id!, byId('members'), '三个')).toBe('三个')
    expect(writeTypedCell(doc, id!, byId('union'), '√')).toBe(true)
    expect(readRows(doc)[0]).toMatchObject({ employees: 1200, members: '三个', union: true })
  })

  it('adds a row between two and moves rows by their neighbours', () => {
    const doc = new Y.Doc()
    const [a, b, c] = appendRows(doc, [{ name: 'a' }, { name: 'b' }, { name: 'c' }])
    const x = addRow(doc, a!, b!)
    expect(orderedRowIds(doc)).toEqual([a, x, b, c])
    moveRowBetween(doc, a!, c!, null)
    expect(orderedRowIds(doc)).toEqual([x, b, c, a])
  })
})
