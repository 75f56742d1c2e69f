/**
 * @module history/historyCache.test
 * The cached history answers what a full replay answers (`cellHistory.ts`), catches up
 * with updates stored after the first call, and serves past states.
 */
import { insertRow, setCell, deleteRow } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDatabase } from '../storage/sqlite/db'
import { SqliteDocStore } from '../storage/sqlite/SqliteDocStore'
import { cellHistory, rowsAt } from './cellHistory'
import { HistoryCache } from './historyCache'

describe('HistoryCache', () => {
  it('matches a full replay, before and after more updates are stored', async () => {
    const store = new SqliteDocStore(openDatabase(':memory:'))
    const doc = new Y.Doc()
    let day = 1
    const edit = async (user: string, fn: (d: Y.Doc) => void) => {
      const before = Y.encodeStateVector(doc)
      fn(doc)
      const at = new Date(`2026-03-${String(day++).padStart(2, '0')}T08:00:00.000Z`)
      await store.append('s', Y.encodeStateAsUpdate(doc, before), user, at)
    }
    let a = ''
    let b = ''
    await edit('u1', (d) => (a = insertRow(d, { name: '甲', count: 1 })))
    await edit('u2', (d) => setCell(d, a, 'name', '乙'))
    await edit('u1', (d) => (b = insertRow(d, { name: '丁' })))
    const cache = new HistoryCache(store)
    for (const column of ['name', 'count']) {
      expect(await cache.cellHistory('s', a, column)).toEqual(
        await cellHistory(store, 's', a, column),
      )
    }
    await edit('u3', (d) => setCell(d, a, 'name', '丙'))
    await edit('u3', (d) => deleteRow(d, b))
    for (const [row, column] of [
      [a, 'name'],
      [b, '_deleted'],
      [b, 'name'],
    ] as const) {
      expect(await cache.cellHistory('s', row, column)).toEqual(
        await cellHistory(store, 's', row, column),
      )
    }
    expect((await cache.cellHistory('s', a, 'name')).map((c) => c.to)).toEqual(['甲', '乙', '丙'])
    const at = new Date('2026-03-02T12:00:00.000Z')
    expect(await cache.rowsAt('s', at)).toEqual(await rowsAt(store, 's', at))
    expect(await cache.rowsAt('s', new Date())).toEqual(await rowsAt(store, 's', new Date()))
    cache.clear()
  })
})
