// Sheet reads beyond the rows themselves, against the real server and stock providers:
// conflicts (SPEC §4) and the lead's logged decision, a cell's history with who changed
// it, and the sheet as of a past time (`?at=`).
import { insertRow, setCell } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { connectSheet, waitFor } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
})
afterAll(() => server?.stop())

const get = (path: string, token = fx.tokens.admin) => server.api('GET', path, token)
const rowsOf = async (id: string) =>
  (await get(`/api/sheets/${id}/rows`)).body.rows as Record<string, unknown>[]

describe('sheets', () => {
  it('GET /api/sheets/:id answers the register entry', async () => {
    const res = await get(`/api/sheets/${fx.sheets.sheetA1}`, fx.tokens.filler)
    expect(res.body).toMatchObject({
      id: fx.sheets.sheetA1,
      unitId: fx.units.gridA1,
      template: 'ledger',
      title: '一网格台账',
      status: 'draft',
    })
    expect(res.body.can).toEqual({
      write: true,
      submit: false,
      return: false,
      accept: false,
      reopen: false,
      resolveConflicts: false,
    })
    const lead = await get(`/api/sheets/${fx.sheets.sheetA1}`, fx.tokens.lead)
    expect(lead.body.can).toMatchObject({ write: true, submit: true, resolveConflicts: true })
    const reviewer = await get(`/api/sheets/${fx.sheets.sheetA1}`, fx.tokens.reviewer)
    expect(Object.values(reviewer.body.can).some(Boolean)).toBe(false)
  })

  it('history says who changed a cell, from what to what; ?at= reads the past', async () => {
    const sheet = fx.sheets.sheetA2
    const admin = connectSheet(server.wsUrl, sheet, fx.tokens.unitAdmin)
    await admin.synced
    const rowId = insertRow(admin.doc, { name: '文峰商会', category: '社会组织', employees: 12 })
    await waitFor(async () => (await rowsOf(sheet)).length === 1)
    await new Promise((r) => setTimeout(r, 30))
    const between = new Date().toISOString()
    await new Promise((r) => setTimeout(r, 30))
    setCell(admin.doc, rowId, 'employees', 25)
    await waitFor(async () => (await rowsOf(sheet))[0]?.employees === 25)

    const history = await get(
      `/api/sheets/${sheet}/history?row=${rowId}&column=employees`,
      fx.tokens.reviewer,
    )
    expect(history.status).toBe(200)
    expect(history.body.history.map((h: { from: unknown; to: unknown }) => [h.from, h.to])).toEqual(
      [
        [null, 12],
        [12, 25],
      ],
    )
    for (const h of history.body.history) {
      expect(h.by).toEqual({ username: 'unitadmin', displayName: '街道管理员' })
      expect(Number.isNaN(Date.parse(h.at))).toBe(false)
    }

    const past = await get(`/api/sheets/${sheet}/rows?at=${encodeURIComponent(between)}`)
    expect(past.body.rows).toEqual([expect.objectContaining({ id: rowId, employees: 12 })])
    const before = await get(`/api/sheets/${sheet}/rows?at=2020-01-01T00:00:00Z`)
    expect(before.body.rows).toEqual([])
    admin.destroy()
  })

  it('two offline edits of one cell become a conflict; only a lead resolves it, and it is logged', async () => {
    const sheet = fx.sheets.sheetA1
    const a = connectSheet(server.wsUrl, sheet, fx.tokens.filler)
    const b = connectSheet(server.wsUrl, sheet, fx.tokens.lead)
    await Promise.all([a.synced, b.synced])
    const rowId = insertRow(a.doc, { name: '亭湖区宏达电子有限公司', employees: 30 })
    await waitFor(() => b.doc.getMap('rows').has(rowId), { what: 'b to see the row' })

    a.provider.disconnect()
    b.provider.disconnect()
    setCell(a.doc, rowId, 'employees', 31)
    setCell(b.doc, rowId, 'employees', 35)
    a.provider.connect()
    await waitFor(async () => (await rowsOf(sheet)).some((r) => r.employees === 31))
    b.provider.connect()
    let conflicts: any[] = []
    await waitFor(
      async () => {
        conflicts = (await get(`/api/sheets/${sheet}/conflicts`, fx.tokens.lead)).body.conflicts
        return conflicts.length === 1
      },
      { what: 'the conflict to be recorded' },
    )
    expect(conflicts[0]).toMatchObject({ rowId, column: 'employees', resolved: false })
    expect(conflicts[0].values.map((v: { value: unknown }) => v.value).sort()).toEqual([31, 35])

    const body = { rowId, column: 'employees', value: 35 }
    const byFiller = await server.api(
      'POST',
      `/api/sheets/${sheet}/conflicts/resolve`,
      fx.tokens.filler,
      body,
    )
    expect(byFiller.status).toBe(403)
    const unknown = await server.api(
      'POST',
      `/api/sheets/${sheet}/conflicts/resolve`,
      fx.tokens.lead,
      {
        ...body,
        column: 'name',
      },
    )
    expect(unknown.status).toBe(404)
    const res = await server.api(
      'POST',
      `/api/sheets/${sheet}/conflicts/resolve`,
      fx.tokens.lead,
      body,
    )
    expect(res.status).toBe(200)

    const after = (await get(`/api/sheets/${sheet}/conflicts`)).body.conflicts
    expect(after[0]).toMatchObject({
      resolved: true,
      resolvedBy: { username: 'lead', displayName: '组长老李' },
    })
    expect((await rowsOf(sheet)).find((r) => r.id === rowId)?.employees).toBe(35)
    await waitFor(() => a.doc.getMap('rows').toJSON()[rowId].employees === 35, {
      what: 'clients to see it',
    })
    const events = (await get(`/api/sheets/${sheet}/events`)).body.events
    expect(events.at(-1)).toMatchObject({
      action: 'resolve-conflict',
      by: { username: 'lead', displayName: '组长老李' },
      detail: { rowId, column: 'employees', value: 35 },
    })
    a.destroy()
    b.destroy()
  })
})
