// Reports by period (SPEC §8) against the real server: the 汇总 of one round (`?round=`) and
// its export titled with the period, the trend over rounds, and the 变动情况 between two
// rounds or two sheets — rows matched by id, then by normalised credit code — as JSON and as
// the 变动情况表 xlsx; nothing of it for another township.
import { deleteRow, generateLedgerRows, insertRow, setCell } from '@taizhang/schema'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  seedFixture,
  startTestServer,
  USER_PASSWORD,
  type Fixture,
  type TestServer,
} from '../helpers/server'
import { connectSheet, waitFor } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture
let leadB: string
const q4 = { id: '', a1: '', a2: '' }
const q1 = { id: '', a1: '', a2: '' }
let ids: string[] = []
let retyped = ''

const post = (path: string, token: string, body: unknown) => server.api('POST', path, token, body)
const get = (path: string, token = fx.tokens.boss) => server.api('GET', path, token)
const rowsOf = async (id: string) =>
  (await get(`/api/sheets/${id}/rows`, fx.tokens.admin)).body.rows as Record<string, unknown>[]
const issue = async (period: string) => {
  const res = await post('/api/rounds', fx.tokens.boss, {
    unitId: fx.units.townA,
    template: 'ledger',
    period,
    dueDate: '2026-04-15',
  })
  expect(res.status).toBe(201)
  const sheetOf = (unit: string) =>
    res.body.sheets.find((s: { unitId: string }) => s.unitId === unit).sheetId as string
  return { id: res.body.id as string, a1: sheetOf(fx.units.gridA1), a2: sheetOf(fx.units.gridA2) }
}
const acceptSheet = async (id: string) => {
  expect((await post(`/api/sheets/${id}/submit`, fx.tokens.boss, {})).status).toBe(200)
  expect((await post(`/api/sheets/${id}/accept`, fx.tokens.consolidator, {})).status).toBe(200)
}

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
  await post('/api/users', fx.tokens.admin, {
    username: 'leadb',
    password: USER_PASSWORD,
    displayName: '三网格组长',
    grants: [{ unitId: fx.units.gridB1, role: 'lead' }],
  })
  leadB = await server.login('leadb', USER_PASSWORD)

  Object.assign(q4, await issue('2025-Q4'))
  const rows = generateLedgerRows({
    seed: 'rounds-test',
    count: 5,
    grid: '一网格',
    township: '东街道',
    district: '测试区',
  })
  const c4 = connectSheet(server.wsUrl, q4.a1, fx.tokens.lead)
  await c4.synced
  ids = rows.map((r) => insertRow(c4.doc, r))
  await waitFor(async () => (await rowsOf(q4.a1)).length === 5, { what: 'Q4 rows stored' })
  c4.destroy()
  await acceptSheet(q4.a1)
  await acceptSheet(q4.a2)

  Object.assign(q1, await issue('2026-Q1'))
  const c1 = connectSheet(server.wsUrl, q1.a1, fx.tokens.lead)
  await c1.synced
  setCell(c1.doc, ids[0]!, 'employees', 999)
  deleteRow(c1.doc, ids[1]!)
  // the organisation of row 3 typed in again: another id, its code in lower case
  deleteRow(c1.doc, ids[2]!)
  const code = String(rows[2]!.creditCode)
  retyped = insertRow(c1.doc, {
    ...rows[2]!,
    id: undefined,
    creditCode: code.toLowerCase(),
  } as never)
  await waitFor(
    async () => {
      const now = await rowsOf(q1.a1)
      return now.length === 4 && now.some((r) => r.id === retyped) && now[0]!.employees === 999
    },
    { what: 'Q1 edits stored' },
  )
  c1.destroy()
  await acceptSheet(q1.a1)
})
afterAll(() => server?.stop())

describe('the 汇总 of a round', () => {
  it('counts only that round’s sheets and names the round', async () => {
    const r4 = await get(`/api/units/${fx.units.townA}/consolidation?round=${q4.id}`)
    expect(r4.status).toBe(200)
    expect(r4.body.round).toMatchObject({
      id: q4.id,
      period: '2025-Q4',
      periodLabel: '2025年第四季度',
    })
    expect(r4.body.total.orgCount).toBe(5)
    const r1 = await get(`/api/units/${fx.units.townA}/consolidation?round=${q1.id}`)
    expect(r1.body.total.orgCount).toBe(4)
    // 二网格's Q1 sheet is a draft: missing from that round, not counted
    const a2 = r1.body.units.find((u: { unitId: string }) => u.unitId === fx.units.gridA2)
    expect(a2.missing.map((m: { sheetId: string }) => m.sheetId)).toEqual([q1.a2])
    expect(
      (await get(`/api/units/${fx.units.townA}/consolidation?round=${q1.id}&template=scoring`))
        .status,
    ).toBe(400)
    expect((await get(`/api/units/${fx.units.townA}/consolidation?round=nope`)).status).toBe(404)
  })

  it('defaults to the latest period; round=all counts every sheet', async () => {
    const latest = await get(`/api/units/${fx.units.townA}/consolidation`)
    expect(latest.body.round).toMatchObject({ id: q1.id, period: '2026-Q1' })
    expect(latest.body.total.orgCount).toBe(4)
    const all = await get(`/api/units/${fx.units.townA}/consolidation?round=all`)
    expect(all.body.round).toBeUndefined()
    expect(all.body.total.orgCount).toBe(9)
  })

  it('exports the round’s 汇总表 titled with its period', async () => {
    const res = await get(
      `/api/units/${fx.units.townA}/consolidation/export?round=${q1.id}&format=xlsx`,
    )
    expect(res.status).toBe(200)
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain(
      '2026年第一季度网格台账汇总表',
    )
  })
})

describe('period-aware exports', () => {
  it('names the period in the footer of a round sheet’s xlsx', async () => {
    const res = await fetch(`${server.url}/api/sheets/${q1.a1}/export?format=xlsx`, {
      headers: { authorization: `Bearer ${fx.tokens.boss}` },
    })
    expect(res.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
    const texts: string[] = []
    workbook.worksheets[0]!.eachRow((row) =>
      row.eachCell((cell) => texts.push(String(cell.value ?? ''))),
    )
    expect(texts.join(' ')).toContain('2026年第一季度')
    expect(texts.some((t) => t.includes('报送期间'))).toBe(true)
  })
})

describe('trend', () => {
  it('gives each indicator per period, from accepted sheets', async () => {
    const res = await get(
      `/api/units/${fx.units.townA}/trend?template=ledger&indicator=orgCount&indicator=orgCoverage`,
    )
    expect(res.status).toBe(200)
    expect(res.body.periods).toEqual(['2025-Q4', '2026-Q1'])
    expect(res.body.series.orgCount).toEqual([5, 4])
    expect(res.body.series.orgCoverage[0]).toMatchObject({ den: 5 })
    expect((await get(`/api/units/${fx.units.townA}/trend?indicator=nope`)).status).toBe(400)
    expect((await get(`/api/units/${fx.units.townA}/trend?indicator=orgCount`, leadB)).status).toBe(
      403,
    )
  })
})

describe('compare', () => {
  it('lists added, removed and changed rows, matching by id then by credit code', async () => {
    const res = await get(`/api/rounds/${q1.id}/compare?with=${q4.id}`)
    expect(res.status).toBe(200)
    const a1 = res.body.units.find((u: { unitId: string }) => u.unitId === fx.units.gridA1)
    expect(a1.added).toEqual([])
    expect(a1.removed.map((r: { rowId: string }) => r.rowId)).toEqual([ids[1]])
    expect(a1.changed).toContainEqual(
      expect.objectContaining({ rowId: ids[0], column: 'employees', to: 999 }),
    )
    // the retyped organisation is reported under its new id
    expect(a1.changed).toContainEqual(
      expect.objectContaining({ rowId: retyped, column: 'creditCode' }),
    )
    expect(res.body.indicators.orgCount).toEqual({ from: 5, to: 4, delta: -1 })

    const one = await get(`/api/rounds/${q1.id}/compare?with=${q4.id}&unit=${fx.units.gridA2}`)
    expect(one.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([fx.units.gridA2])
    expect(one.body.indicators.orgCount).toEqual({ from: 0, to: 0, delta: 0 })
  })

  it('compares two sheets the same way', async () => {
    const res = await get(`/api/sheets/${q1.a1}/compare?with=${q4.a1}`)
    expect(res.status).toBe(200)
    expect(res.body.units[0].removed.map((r: { rowId: string }) => r.rowId)).toEqual([ids[1]])
    expect(res.body.indicators.orgCount.delta).toBe(-1)
  })

  it('exports the 变动情况表', async () => {
    for (const path of [
      `/api/rounds/${q1.id}/compare/export?with=${q4.id}`,
      `/api/sheets/${q1.a1}/compare/export?with=${q4.a1}`,
    ]) {
      const res = await fetch(server.url + path, {
        headers: { authorization: `Bearer ${fx.tokens.boss}` },
      })
      expect(res.status).toBe(200)
      expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain(
        '变动情况表',
      )
      const bytes = new Uint8Array(await res.arrayBuffer())
      expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]) // a zip: xlsx
    }
  })

  it('shows another township nothing', async () => {
    expect((await get(`/api/rounds/${q1.id}/compare?with=${q4.id}`, leadB)).status).toBe(404)
    expect((await get(`/api/sheets/${q1.a1}/compare?with=${q4.a1}`, leadB)).status).toBe(403)
  })
})
