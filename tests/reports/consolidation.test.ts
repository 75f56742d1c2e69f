// 汇总 through the real server (SPEC §2.4, §6.3): the district's consolidation of the demo
// data equals schema's consolidateLedger over the accepted sheets' rows fetched over HTTP,
// one row per township (which rolls up its grids); `state=latest` adds submitted sheets,
// flagged; drill-down lists exactly the rows a figure counts; the figures follow a child
// sheet edited through a stock WebsocketProvider; missing (未报送) and returned (已退回)
// sheets are listed; a sibling township's user gets 403; the export is an xlsx / PDF.
import ExcelJS from 'exceljs'
import {
  consolidateLedger,
  ledgerDrillDown,
  setCell,
  type LedgerIndicators,
  type Row,
} from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestServer } from '../helpers/server'
import { connectSheet } from '../helpers/wsClient'
import {
  DEMO_PASSWORD,
  demoTree,
  download,
  pdfText,
  sheetRows,
  startDemoServer,
} from './reportsHelpers'

let server: TestServer
let admin: string
let tree: Awaited<ReturnType<typeof demoTree>>

beforeAll(async () => {
  server = await startDemoServer()
  admin = await server.login('admin', server.adminPassword)
  tree = await demoTree(server, admin)
})
afterAll(() => server?.stop())

/** The indicators of a consolidation row, without the unit name and the extra keys. */
function indicatorsOf(row: Record<string, unknown>): LedgerIndicators {
  const {
    unit: _unit,
    unitId: _unitId,
    sheets: _sheets,
    missing: _missing,
    returned: _returned,
    pending: _pending,
    errorRows: _errorRows,
    notAccepted: _notAccepted,
    rectificationRate: _rectificationRate,
    rectificationOverdue: _rectificationOverdue,
    ...indicators
  } = row
  return indicators as unknown as LedgerIndicators
}

/** consolidateLedger over the children of `unitId`, from rows fetched over HTTP. */
async function expected(unitId: string, statuses: string[]) {
  const children = tree.units.filter((u) => u.parentId === unitId)
  const input: { unit: string; rows: Row[] }[] = []
  for (const child of children) {
    const below = tree.subtree(child.id)
    const sheets = tree.sheets.filter((s) => s.template === 'ledger' && below.has(s.unitId))
    if (sheets.length === 0) continue
    const rows: Row[] = []
    for (const s of sheets.filter((s) => statuses.includes(s.status))) {
      rows.push(...((await sheetRows(server, s.id, admin)) as Row[]))
    }
    input.push({ unit: child.name, rows })
  }
  return consolidateLedger(input)
}

// `round=all`: every sheet of the demo, hand-made and of its reporting rounds alike (without it
// the 汇总 is of the latest round, SPEC §8; tests/api/roundReports.test.ts)
describe('consolidation through the server', () => {
  it('equals consolidateLedger over the accepted sheets, per township, for the demo district', async () => {
    const res = await server.api(
      'GET',
      `/api/units/${tree.district.id}/consolidation?round=all&template=ledger`,
      admin,
    )
    expect(res.status).toBe(200)
    const want = await expected(tree.district.id, ['accepted'])
    expect(res.body.units.map((u: { unit: string }) => u.unit)).toEqual(
      want.units.map((u) => u.unit),
    )
    expect(res.body.units.map(indicatorsOf)).toEqual(want.units.map(({ unit: _u, ...i }) => i))
    const { errorRows, rectificationRate, rectificationOverdue, ...total } = res.body.total
    expect(total).toEqual(want.total)
    expect(errorRows).toBeGreaterThanOrEqual(0)
    // 整改 figures beside the indicators (SPEC §9; tests/api/rectificationReports.test.ts)
    expect(rectificationRate).toMatchObject({ num: expect.any(Number), den: expect.any(Number) })
    expect(rectificationOverdue).toBeGreaterThanOrEqual(0)
    expect(want.total.orgCount).toBeGreaterThan(0)

    // the township's own consolidation (its grids) sums to the district's township row
    const chengdong = tree.byName('城东街道')
    const town = await server.api(
      'GET',
      `/api/units/${chengdong.id}/consolidation?round=all&template=ledger`,
      admin,
    )
    expect(town.status).toBe(200)
    const districtRow = res.body.units.find((u: { unitId: string }) => u.unitId === chengdong.id)
    expect(indicatorsOf(town.body.total)).toEqual(indicatorsOf(districtRow))
    expect(town.body.units.length).toBe(
      tree.units.filter((u) => u.parentId === chengdong.id).length,
    )
  })

  it('lists missing (未报送) and returned (已退回) sheets, and flags latest-state figures', async () => {
    const res = await server.api(
      'GET',
      `/api/units/${tree.district.id}/consolidation?round=all&template=ledger`,
      admin,
    )
    const ledgers = tree.sheets.filter((s) => s.template === 'ledger')
    for (const row of res.body.units) {
      const below = tree.subtree(row.unitId)
      const mine = ledgers.filter((s) => below.has(s.unitId))
      expect(row.missing.map((m: { sheetId: string }) => m.sheetId).sort()).toEqual(
        mine
          .filter((s) => s.status === 'draft')
          .map((s) => s.id)
          .sort(),
      )
      expect(row.returned.map((m: { id: string }) => m.id).sort()).toEqual(
        mine
          .filter((s) => s.status === 'returned')
          .map((s) => s.id)
          .sort(),
      )
      expect(row.sheets.map((m: { id: string }) => m.id).sort()).toEqual(
        mine
          .filter((s) => s.status === 'accepted')
          .map((s) => s.id)
          .sort(),
      )
      expect(row.notAccepted).toBeUndefined()
    }
    expect(res.body.units.some((u: { missing: unknown[] }) => u.missing.length > 0)).toBe(true)
    expect(res.body.units.some((u: { returned: unknown[] }) => u.returned.length > 0)).toBe(true)

    const latest = await server.api(
      'GET',
      `/api/units/${tree.district.id}/consolidation?round=all&template=ledger&state=latest`,
      admin,
    )
    expect(latest.status).toBe(200)
    const want = await expected(tree.district.id, ['accepted', 'submitted'])
    expect(latest.body.units.map(indicatorsOf)).toEqual(want.units.map(({ unit: _u, ...i }) => i))
    const flagged = latest.body.units.filter((u: { notAccepted?: boolean }) => u.notAccepted)
    expect(flagged.length).toBeGreaterThan(0)
    for (const u of flagged) {
      expect(u.sheets.some((s: { notAccepted?: boolean }) => s.notAccepted)).toBe(true)
    }
  })

  it('drills every figure down to the rows it counts', async () => {
    const base = `/api/units/${tree.district.id}/consolidation`
    const res = await server.api('GET', `${base}?round=all&template=ledger`, admin)
    const child = res.body.units.find((u: { orgCount: number }) => u.orgCount > 0)
    const drill = async (query: string) => {
      const r = await server.api(
        'GET',
        `${base}/drilldown?round=all&child=${child.unitId}&${query}`,
        admin,
      )
      expect(r.status).toBe(200)
      return r.body.rows as { sheetId: string; rowId: string; name: string }[]
    }
    for (const id of ['orgCount', 'enterpriseCount', 'builtCount', 'singleCount', 'unionCount']) {
      expect((await drill(`indicator=${id}`)).length).toBe(child[id])
    }
    for (const id of ['orgCoverage', 'workCoverage', 'sixHaveRate']) {
      expect((await drill(`indicator=${id}`)).length).toBe(child[id].num)
      expect((await drill(`indicator=${id}&part=den`)).length).toBe(child[id].den)
    }
    for (const star of ['1', '2', '3', '4', '5']) {
      expect((await drill(`indicator=stars&star=${star}`)).length).toBe(child.stars[star])
    }
    // the ids are the sheets' own row ids, and schema's drill-down agrees sheet by sheet
    const built = await drill('indicator=builtCount')
    for (const sheetId of new Set(built.map((r) => r.sheetId))) {
      const rows = (await sheetRows(server, sheetId, admin)) as Row[]
      expect(built.filter((r) => r.sheetId === sheetId).map((r) => r.rowId)).toEqual(
        ledgerDrillDown(rows, 'builtCount').rowIds,
      )
    }
    expect(built.every((r) => typeof r.name === 'string' && r.name.length > 0)).toBe(true)
    // the total row: every child
    const all = await server.api('GET', `${base}/drilldown?round=all&indicator=orgCount`, admin)
    expect(all.body.rows.length).toBe(res.body.total.orgCount)

    const bad = await server.api('GET', `${base}/drilldown?round=all&indicator=nonsense`, admin)
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/未知的汇总指标/)
  })

  it('changes when a child sheet changes (edit through a stock WebsocketProvider)', async () => {
    const submitted = tree.sheets.find((s) => s.template === 'ledger' && s.status === 'submitted')!
    const town = tree.units.find(
      (u) => tree.subtree(u.id).has(submitted.unitId) && u.parentId === tree.district.id,
    )!
    const path = `/api/units/${tree.district.id}/consolidation?round=all&template=ledger&state=latest`
    const before = (await server.api('GET', path, admin)).body
    const beforeRow = before.units.find((u: { unitId: string }) => u.unitId === town.id)

    const client = connectSheet(server.wsUrl, submitted.id, admin)
    try {
      await client.synced
      const rows = (await sheetRows(server, submitted.id, admin)) as Row[]
      const target = rows[0]!
      const employees = typeof target.employees === 'number' ? target.employees : 0
      client.doc.transact(() => setCell(client.doc, target.id, 'employees', employees + 1000))
      let after = before
      for (let i = 0; i < 100; i++) {
        after = (await server.api('GET', path, admin)).body
        if (after.total.employees !== before.total.employees) break
        await new Promise((r) => setTimeout(r, 50))
      }
      const afterRow = after.units.find((u: { unitId: string }) => u.unitId === town.id)
      expect(after.total.employees).toBe(before.total.employees + 1000)
      expect(afterRow.employees).toBe(beforeRow.employees + 1000)
      // the accepted-only figures do not count the submitted sheet
      const accepted = (
        await server.api('GET', `/api/units/${tree.district.id}/consolidation?round=all`, admin)
      ).body
      const want = await expected(tree.district.id, ['accepted'])
      expect(indicatorsOf(accepted.total)).toEqual(want.total)
    } finally {
      client.destroy()
    }
  })

  it('consolidates scoring sheets (平均分, 等次分布, 问题数)', async () => {
    const res = await server.api(
      'GET',
      `/api/units/${tree.district.id}/consolidation?round=all&template=scoring&state=latest`,
      admin,
    )
    expect(res.status).toBe(200)
    // the demo's scoring sheet is a draft: listed as missing, nothing counted yet
    expect(res.body.total.count).toBe(0)
    expect(res.body.units.flatMap((u: { missing: unknown[] }) => u.missing)).toHaveLength(1)
    expect(Object.keys(res.body.total.grades)).toEqual(['优秀', '良好', '合格', '不合格'])
  })

  it('refuses a sibling unit, and exports the 汇总表 as xlsx and PDF', async () => {
    const chengdong = tree.byName('城东街道')
    const wenfeng = await server.login('consolidator2', DEMO_PASSWORD)
    const own = await server.login('consolidator1', DEMO_PASSWORD)
    for (const suffix of ['', '/drilldown?indicator=orgCount', '/export?format=xlsx']) {
      const r = await server.api(
        'GET',
        `/api/units/${chengdong.id}/consolidation${suffix}`,
        wenfeng,
      )
      expect(r.status).toBe(403)
    }
    expect((await server.api('GET', `/api/units/${chengdong.id}/consolidation`, own)).status).toBe(
      200,
    )
    const reviewer = await server.login('reviewer', DEMO_PASSWORD)

    const xlsx = await download(
      server,
      `/api/units/${tree.district.id}/consolidation/export?format=xlsx`,
      reviewer,
    )
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('content-disposition')).toMatch(/filename\*=UTF-8''/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer)
    const texts: string[] = []
    workbook.worksheets[0]!.eachRow((row) =>
      row.eachCell((cell) => void texts.push(String(cell.text))),
    )
    expect(texts.join(' ')).toContain('城东街道')
    expect(texts).toContain('组织总数')

    const pdf = await download(
      server,
      `/api/units/${tree.district.id}/consolidation/export?format=pdf`,
      reviewer,
    )
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const text = pdfText(pdf.bytes)
    expect(text).toContain('汇总表')
    expect(text).toMatch(/第\s*1\s*页\s*共/)

    // the inspection summary exports too (平均分, 等次分布, 问题数 per child unit)
    const scoring = await download(
      server,
      `/api/units/${tree.district.id}/consolidation/export?format=xlsx&template=scoring&state=latest`,
      reviewer,
    )
    expect(scoring.status).toBe(200)
    const scoringBook = new ExcelJS.Workbook()
    await scoringBook.xlsx.load(scoring.bytes as unknown as ArrayBuffer)
    const scoringTexts: string[] = []
    scoringBook.worksheets[0]!.eachRow((row) =>
      row.eachCell((cell) => void scoringTexts.push(String(cell.text))),
    )
    expect(scoringTexts.join(' ')).toContain('督查评分汇总表')
    expect(scoringTexts).toContain('平均分')
  })
})
