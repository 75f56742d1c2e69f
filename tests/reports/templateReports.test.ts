// A district's own template in the reports (SPEC §7), on the `--demo` server: the demo's
// 亭湖区科技企业台账 (`tinghu-tech-ledger`, 30 instead of 50, plus 科技人员数) is listed and has an
// accepted sheet; a sheet made from it imports 科技人员数 by its header, raises the district's
// rules, exports its columns (csv, xlsx, pdf); the 汇总 `?template=ID` gives the template's
// indicators and whether each unit meets their targets, in JSON and in its exports, while the
// built-in 网格台账's 汇总 keeps its 25 indicators; after a move to a version without
// 科技人员数, the exports leave the hidden column out.
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertRow, LEDGER_INDICATORS } from '@taizhang/schema'
import type { TestServer } from '../helpers/server'
import { connectSheet, waitFor } from '../helpers/wsClient'
import {
  DEMO_PASSWORD,
  demoTree,
  download,
  pdfText,
  sheetRows,
  startDemoServer,
  upload,
} from './reportsHelpers'

const ID = 'tinghu-tech-ledger'
let server: TestServer
let admin: string
let tree: Awaited<ReturnType<typeof demoTree>>
let sheetId = ''

const HEADER = '组织名称,组织类别,行业,从业人员数,科技人员数,正式党员数,预备党员数,组建方式\r\n'
const csv = (...lines: string[]) => Buffer.from('\uFEFF' + HEADER + lines.join('\r\n') + '\r\n')

async function xlsxRows(bytes: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  const out: string[][] = []
  wb.worksheets[0]!.eachRow((row) => {
    out.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))))
  })
  return out
}

beforeAll(async () => {
  server = await startDemoServer()
  admin = await server.login('admin', server.adminPassword)
  tree = await demoTree(server, admin)
})
afterAll(() => server?.stop())

describe('a district template in imports, exports and the 汇总', () => {
  it('is in the demo with an accepted sheet pinned to it', async () => {
    const listed = (await server.api('GET', '/api/templates', admin)).body.templates
    expect(listed).toContainEqual({
      id: ID,
      kind: 'ledger',
      name: '亭湖区科技企业台账',
      unitId: tree.district.id,
      version: 1,
      builtIn: false,
    })
    const demo = tree.sheets.filter((s) => s.template === ID)
    expect(demo).toHaveLength(1)
    expect(demo[0]!.status).toBe('accepted')
    const rows = await sheetRows(server, demo[0]!.id, admin)
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.some((r) => typeof r.techStaff === 'number')).toBe(true)
  })

  it('imports 科技人员数 by its header and raises the district’s own rules', async () => {
    const lead = await server.login('lead2-1', DEMO_PASSWORD)
    const grid = tree.byName('文苑社区第一网格').id
    const made = await server.api('POST', '/api/sheets', lead, {
      unitId: grid,
      template: ID,
      title: '科技企业台账',
    })
    expect(made.status).toBe(201)
    sheetId = made.body.id
    const res = await upload(
      server,
      sheetId,
      lead,
      csv('甲科技,非公企业,信息技术,40,10,0,0,未建立', '乙公司,非公企业,制造业,8,20,0,0,未建立'),
      { name: '科技.csv', type: 'text/csv' },
    )
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    // 科技人员数 > 从业人员数 is the district's `error` rule: that row is not imported
    expect(res.body.imported).toBe(1)
    expect(res.body.rejected).toEqual([
      { row: 2, reasons: [expect.stringContaining('科技人员数不能多于从业人员数')] },
    ])
    const rows = await sheetRows(server, sheetId, admin)
    expect(rows.map((r) => r.techStaff)).toEqual([10])
    const findings = (await server.api('GET', `/api/sheets/${sheetId}/findings`, admin)).body
      .findings
    const rules = findings.map((f: { rule: string }) => f.rule)
    expect(rules).toContain('over30-no-member')
    expect(rules).not.toContain('over50-no-member')
    // typed in the grid, the same rule is an error finding, and the submit check refuses it
    const client = connectSheet(server.wsUrl, sheetId, lead)
    await client.synced
    insertRow(
      client.doc,
      { name: '乙公司', category: '非公企业', employees: 8, techStaff: 20 },
      { id: 'b' },
    )
    await waitFor(async () => (await sheetRows(server, sheetId, admin)).length === 2, {
      what: 'row stored',
    })
    client.destroy()
    const submit = await server.api('POST', `/api/sheets/${sheetId}/submit`, lead, {})
    expect(submit.status).toBe(422)
    expect(submit.body.findings).toContainEqual(
      expect.objectContaining({
        rowId: 'b',
        column: 'techStaff',
        rule: 'tech-exceed-employees',
        severity: 'error',
      }),
    )
  })

  it('exports the template’s columns in csv, xlsx and pdf', async () => {
    const c = await download(server, `/api/sheets/${sheetId}/export?format=csv`, admin)
    expect(c.status).toBe(200)
    const header = c.bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n')[0]!
    expect(header).toContain('科技人员数')
    const x = await download(server, `/api/sheets/${sheetId}/export?format=xlsx`, admin)
    expect(x.status).toBe(200)
    expect((await xlsxRows(x.bytes)).flat()).toContain('科技人员数')
    const p = await download(server, `/api/sheets/${sheetId}/export?format=pdf`, admin)
    expect(p.status).toBe(200)
    // a narrow column: the header wraps (科技 / 人员 / 数)
    expect(pdfText(p.bytes)).toMatch(/科技/)
  })

  it('gives the 汇总 of the template, with targets met per unit and in total', async () => {
    const res = await server.api(
      'GET',
      `/api/units/${tree.district.id}/consolidation?template=${ID}`,
      admin,
    )
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      template: ID,
      templateVersion: 1,
      templateName: '亭湖区科技企业台账',
    })
    const ids = res.body.indicators.map((i: { id: string }) => i.id)
    expect(ids).toEqual(
      expect.arrayContaining([
        ...LEDGER_INDICATORS.map((d) => d.id),
        'techStaff',
        'over30WithMemberRate',
      ]),
    )
    const east = res.body.units.find((u: { unit: string }) => u.unit === '城东街道')
    expect(east.orgCount).toBe(14)
    expect(east.techStaff).toBeGreaterThan(0)
    expect([true, false, null]).toContain(east.met.over30WithMemberRate)
    expect(east.sheets.map((s: { id: string }) => s.id)).toEqual([
      tree.sheets.find((s) => s.template === ID)!.id,
    ])
    expect(res.body.total.orgCount).toBe(14)
    expect(res.body.total.met).toHaveProperty('over30WithMemberRate')
    // the built-in ledger's 汇总 is unchanged: its own sheets and 25 indicators
    const ledger = await server.api(
      'GET',
      `/api/units/${tree.district.id}/consolidation?template=ledger&round=all`,
      admin,
    )
    expect(ledger.body.template).toBe('ledger')
    for (const d of LEDGER_INDICATORS) expect(ledger.body.total).toHaveProperty(d.id)
    expect(ledger.body.total).not.toHaveProperty('techStaff')
    const counted = ledger.body.units.flatMap((u: { sheets: { id: string }[] }) =>
      u.sheets.map((s) => s.id),
    )
    expect(counted).not.toContain(east.sheets[0].id)
  })

  it('exports the template’s 汇总 with its indicators and marks below target', async () => {
    const x = await download(
      server,
      `/api/units/${tree.district.id}/consolidation/export?format=xlsx&template=${ID}`,
      admin,
    )
    expect(x.status).toBe(200)
    const cells = (await xlsxRows(x.bytes)).flat()
    expect(cells).toContain('科技人员数')
    expect(cells).toContain('30人以上企业有党员率')
    const p = await download(
      server,
      `/api/units/${tree.district.id}/consolidation/export?format=pdf&template=${ID}`,
      admin,
    )
    expect(p.status).toBe(200)
    const text = pdfText(p.bytes)
    expect(text).toContain('亭湖区科技企业台账汇总表')
    // the demo's 城东街道 is below the 90 % target of 30人以上企业有党员率: marked ▼
    const json = await server.api(
      'GET',
      `/api/units/${tree.district.id}/consolidation?template=${ID}`,
      admin,
    )
    expect(json.body.total.met.over30WithMemberRate).toBe(false)
    expect(text).toContain('▼')
  })

  it('leaves a hidden column out of the exports after a move', async () => {
    const def = (await server.api('GET', `/api/templates/${ID}`, admin)).body.definition
    const next = {
      ...def,
      columns: def.columns.filter((c: { id: string }) => c.id !== 'techStaff'),
      rules: def.rules.filter((r: { id: string }) => r.id !== 'tech-exceed-employees'),
      indicators: def.indicators.filter((i: { id: string }) => i.id !== 'techStaff'),
    }
    expect(
      (await server.api('PUT', `/api/templates/${ID}`, admin, { definition: next })).status,
    ).toBe(200)
    const moved = await server.api('POST', `/api/sheets/${sheetId}/template`, admin, { version: 2 })
    expect(moved.body).toEqual({ version: 2, retyped: [], hidden: ['techStaff'] })
    const c = await download(server, `/api/sheets/${sheetId}/export?format=csv`, admin)
    expect(c.bytes.toString('utf8')).not.toContain('科技人员数')
    expect((await sheetRows(server, sheetId, admin)).some((r) => 'techStaff' in r)).toBe(false)
  })
})
