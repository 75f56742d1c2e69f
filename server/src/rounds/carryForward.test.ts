import {
  appendRows,
  fiveStarTemplate,
  readMeta,
  readRows,
  type GridTemplate,
  type Row,
} from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { MetaStore } from '../storage/MetaStore'
import { CARRY_CHUNK_ROWS, carriedRow, writeRoundSheet } from './carryForward'

/** Rooms as plain docs in memory, counting the server changes. */
function fakeRooms() {
  const docs = new Map<string, Y.Doc>()
  const doc = (id: string) => {
    let d = docs.get(id)
    if (!d) docs.set(id, (d = new Y.Doc()))
    return d
  }
  let changes = 0
  return {
    docs,
    get changes() {
      return changes
    },
    getDoc: doc,
    applyServerChange: (id: string, _user: string | null, fn: (d: Y.Doc) => void) => {
      changes++
      fn(doc(id))
    },
    setLocked: () => {},
    closeUserConnections: () => {},
  }
}

describe('carry forward (SPEC §8)', () => {
  it('keeps the row id and every value except carry: false columns', () => {
    const row: Row = { id: 'r1', org: '某公司', team: '第一组', date: '2026-03-01', stars: 4 }
    expect(carriedRow(row, new Set(['team', 'date']))).toEqual({
      id: 'r1',
      org: '某公司',
      stars: 4,
    })
  })

  it("writes a sheet from another's rows with the same ids, in chunks, meta last", async () => {
    const rooms = fakeRooms()
    const source = rooms.getDoc('old')
    const rows = Array.from({ length: CARRY_CHUNK_ROWS * 2 + 5 }, (_, i) => ({
      org: `组织${i}`,
      team: '第一督查组',
      inspector: '张三',
    }))
    const ids = appendRows(source, rows)
    const before = Y.encodeStateAsUpdate(source)
    const deps = { store: {} as MetaStore, rooms }
    const n = await writeRoundSheet(
      deps,
      { sheetId: 'new', unitId: 'u1', title: '一网格 2026年第一季度', kind: 'scoring' },
      fiveStarTemplate as GridTemplate,
      null,
    )
    expect(n).toBe(0) // no source given
    const carried = await writeRoundSheet(
      deps,
      {
        sheetId: 'next',
        unitId: 'u1',
        title: '一网格 2026年第二季度',
        kind: 'scoring',
        sourceSheetId: 'old',
      },
      fiveStarTemplate as GridTemplate,
      null,
    )
    expect(carried).toBe(rows.length)
    const next = rooms.getDoc('next')
    expect(readRows(next).map((r) => r.id)).toEqual(ids)
    expect(readRows(next)[0]).toEqual({ id: ids[0], org: '组织0' })
    expect(readMeta(next)).toMatchObject({ title: '一网格 2026年第二季度', unitId: 'u1' })
    // three chunks for the carried sheet, one for the empty one
    expect(rooms.changes).toBe(4)
    expect(Y.encodeStateAsUpdate(source)).toEqual(before)
  })
})
