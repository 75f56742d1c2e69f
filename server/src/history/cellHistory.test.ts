/**
 * @module history/cellHistory.test
 * History and past states rebuilt from an attributed log in a real SQLite store.
 */
import { insertRow, setCell } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDatabase } from '../storage/sqlite/db'
import { SqliteDocStore } from '../storage/sqlite/SqliteDocStore'
import { cellHistory, rowsAt } from './cellHistory'

async function recorded() {
  const db = openDatabase(':memory:')
  const store = new SqliteDocStore(db)
  const doc = new Y.Doc()
  const edits: [string, string, (d: Y.Doc) => void][] = []
  let rowId = ''
  edits.push([
    'u1',
    '2026-03-01T08:00:00.000Z',
    (d) => (rowId = insertRow(d, { name: '甲', count: 1 })),
  ])
  edits.push(['u2', '2026-03-02T08:00:00.000Z', (d) => setCell(d, rowId, 'name', '乙')])
  edits.push(['u1', '2026-03-03T08:00:00.000Z', (d) => setCell(d, rowId, 'count', 2)])
  edits.push(['u3', '2026-03-04T08:00:00.000Z', (d) => setCell(d, rowId, 'name', '丙')])
  for (const [user, at, edit] of edits) {
    const before = Y.encodeStateVector(doc)
    edit(doc)
    await store.append('s', Y.encodeStateAsUpdate(doc, before), user, new Date(at))
  }
  // a compaction must not shorten history
  await store.compact('s', Y.encodeStateAsUpdate(doc), 4)
  return { store, rowId, db }
}

describe('cellHistory', () => {
  it('lists every change of one cell with author, time, old and new value', async () => {
    const { store, rowId, db } = await recorded()
    expect(await cellHistory(store, 's', rowId, 'name')).toEqual([
      { at: '2026-03-01T08:00:00.000Z', by: 'u1', from: null, to: '甲' },
      { at: '2026-03-02T08:00:00.000Z', by: 'u2', from: '甲', to: '乙' },
      { at: '2026-03-04T08:00:00.000Z', by: 'u3', from: '乙', to: '丙' },
    ])
    expect(await cellHistory(store, 's', rowId, 'nothing')).toEqual([])
    db.close()
  })
})

describe('rowsAt', () => {
  it('reads the sheet as it was at a past time', async () => {
    const { store, rowId, db } = await recorded()
    expect(await rowsAt(store, 's', new Date('2026-02-01T00:00:00Z'))).toEqual([])
    expect(await rowsAt(store, 's', new Date('2026-03-02T12:00:00Z'))).toEqual([
      { id: rowId, name: '乙', count: 1 },
    ])
    expect(await rowsAt(store, 's', new Date('2030-01-01T00:00:00Z'))).toEqual([
      { id: rowId, name: '丙', count: 2 },
    ])
    db.close()
  })
})
