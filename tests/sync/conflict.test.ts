/**
 * @module tests/sync/conflict
 * SPEC §4 on the real server: two clients offline set the same cell to different values and
 * reconnect; both values, with who and when, are in `GET …/conflicts` and in the doc every
 * client sees; resolving it is a normal edit that reaches the clients.
 */
import { conflictsMap, insertRow, readRows, setCell } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import { seededServer } from '../helpers/seededServer'
import { connectSheet, waitFor } from '../helpers/wsClient'

const live = seededServer()

describe('conflicting offline edits', () => {
  it('keeps both values in …/conflicts and in every client’s doc', async () => {
    const sheet = live.fx.sheets.sheetA1
    const a = connectSheet(live.server.wsUrl, sheet, live.fx.tokens.filler)
    const b = connectSheet(live.server.wsUrl, sheet, live.fx.tokens.lead)
    live.track(a, b)
    await Promise.all([a.synced, b.synced])
    const row = insertRow(a.doc, { name: '某某科技有限公司', members: 3 })
    await waitFor(() => readRows(b.doc).length === 1, { what: 'b has the row' })
    a.provider.disconnect()
    b.provider.disconnect()
    setCell(a.doc, row, 'members', 5)
    setCell(b.doc, row, 'members', 7)
    a.provider.connect()
    await waitFor(() => a.provider.synced, { what: 'a back' })
    b.provider.connect()
    let conflicts: {
      rowId: string
      column: string
      values: { value: unknown; by: string; at: string }[]
      resolved: boolean
    }[] = []
    await waitFor(
      async () => {
        const res = await live.server.api(
          'GET',
          `/api/sheets/${sheet}/conflicts`,
          live.fx.tokens.lead,
        )
        conflicts = res.body.conflicts
        return conflicts.length === 1
      },
      { what: 'conflict recorded' },
    )
    expect(conflicts[0]).toMatchObject({ rowId: row, column: 'members', resolved: false })
    expect(conflicts[0]!.values.map((v) => v.value).sort()).toEqual([5, 7])
    expect(conflicts[0]!.values.map((v) => v.by).sort()).toEqual(
      [live.fx.users.filler, live.fx.users.lead].sort(),
    )
    for (const v of conflicts[0]!.values) expect(Number.isNaN(Date.parse(v.at))).toBe(false)
    await waitFor(() => conflictsMap(a.doc).size === 1 && conflictsMap(b.doc).size === 1, {
      what: 'clients see the conflict record',
    })
    await waitFor(() => JSON.stringify(readRows(a.doc)) === JSON.stringify(readRows(b.doc)), {
      what: 'a and b converge on one value',
    })

    // the lead decides: a normal edit every client receives, and the record is closed
    const res = await live.server.api(
      'POST',
      `/api/sheets/${sheet}/conflicts/resolve`,
      live.fx.tokens.lead,
      {
        rowId: row,
        column: 'members',
        value: 5,
      },
    )
    expect(res.status).toBe(200)
    await waitFor(
      () =>
        readRows(a.doc)[0]?.members === 5 &&
        readRows(b.doc)[0]?.members === 5 &&
        conflictsMap(b.doc).get(`${row}/members`)?.resolved === true,
      { what: 'resolution reached the clients' },
    )
    const after = await live.server.api(
      'GET',
      `/api/sheets/${sheet}/conflicts`,
      live.fx.tokens.lead,
    )
    expect(after.body.conflicts[0].resolved).toBe(true)
  })
})
