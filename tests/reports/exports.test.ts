// Exports from the real server (SPEC §5, §6.3) and their round trip through the importer:
// a ledger's and a scoring sheet's xlsx re-import into a fresh sheet with identical values;
// the xlsx read back with exceljs has the merged group headers, the Chinese header text, the
// footer and text that began with `=` as a string cell, never a formula; the PDF's text has
// the title and "第 1 页 共"; the scoring PDF has its 督查反馈单 pages; the report's docx has
// every section; the CSV is UTF-8 with a BOM; a sibling township's user gets 403.
import ExcelJS from 'exceljs'
import { withCheckChar, type Row } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { TestServer } from '../helpers/server'
import { connectSheet } from '../helpers/wsClient'
import {
  DEMO_PASSWORD,
  demoTree,
  docxText,
  download,
  pdfText,
  sheetRows,
  startDemoServer,
  upload,
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

async function newSheet(unitId: string, template: string, title: string): Promise<string> {
  const res = await server.api('POST', '/api/sheets', admin, { unitId, template, title })
  expect(res.status).toBe(201)
  return res.body.id
}

/** Rows as values: no ids, and an empty cell the same whether stored as null or absent. */
const withoutIds = (rows: Record<string, unknown>[]) =>
  rows.map(({ id: _id, ...rest }) =>
    Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null && v !== undefined)),
  )

async function loadXlsx(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  return workbook.worksheets[0]!
}

describe('sheet exports', () => {
  it('round-trips a ledger through xlsx into a fresh sheet, and again as updates', async () => {
    const source = tree.sheets.find((s) => s.template === 'ledger' && s.status === 'accepted')!
    const xlsx = await download(server, `/api/sheets/${source.id}/export?format=xlsx`, admin)
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml')
    const disposition = xlsx.headers.get('content-disposition')!
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+\.xlsx"; filename\*=UTF-8''/)
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toContain(source.title)

    // the footer names the unit, who submitted (填报人) and who accepted (审核人) it
    const events = (await server.api('GET', `/api/sheets/${source.id}/events`, admin)).body
      .events as { action: string; by: { displayName: string } }[]
    const footer: string[] = []
    ;(await loadXlsx(xlsx.bytes)).eachRow((row) =>
      row.eachCell((cell) => void footer.push(String(cell.text))),
    )
    const footerText = footer.join('|')
    expect(footerText).toContain(tree.units.find((u) => u.id === source.unitId)!.name)
    for (const action of ['submit', 'accept']) {
      expect(footerText).toContain(events.find((e) => e.action === action)!.by.displayName)
    }

    const fresh = await newSheet(source.unitId, 'ledger', '导入测试台账')
    const res = await upload(server, fresh, admin, xlsx.bytes, { name: '导出.xlsx' })
    expect(res.status).toBe(200)
    const original = await sheetRows(server, source.id, admin)
    expect(res.body.rejected).toEqual([])
    expect(res.body.imported).toBe(original.length)
    expect(withoutIds(await sheetRows(server, fresh, admin))).toEqual(withoutIds(original))

    // the same file again: rows with a credit code update themselves, nothing changes
    const again = await upload(server, fresh, admin, xlsx.bytes, { name: '导出.xlsx' })
    const withCode = original.filter((r) => typeof r.creditCode === 'string').length
    expect(again.body.updated).toBe(withCode)
    expect(again.body.imported).toBe(original.length - withCode)
  })

  it('writes merges, Chinese headers, the footer and =text as a string cell', async () => {
    const grid = tree.byName('文苑社区第一网格')
    const sheet = await newSheet(grid.id, 'ledger', '公式测试台账')
    const code = withCheckChar('91320902MA1TEMP01')
    const csv =
      '\uFEFF组织名称,统一社会信用代码,组织类别,从业人员数,组建方式,备注\r\n' +
      `=HYPERLINK("http://x")公司,${code},非公企业,12,未建立,=SUM(1+2)\r\n` +
      `@联合商贸,,非公企业,3,未建立,+86 备注\r\n`
    const imported = await upload(server, sheet, admin, Buffer.from(csv), { name: 'f.csv' })
    expect(imported.status).toBe(200)
    expect(imported.body.imported).toBe(2)

    const xlsx = await download(server, `/api/sheets/${sheet}/export?format=xlsx`, admin)
    const ws = await loadXlsx(xlsx.bytes)
    const merges = (ws.model as unknown as { merges: string[] }).merges
    expect(merges.length).toBeGreaterThan(3)
    const texts: string[] = []
    let formulaCells = 0
    let found: ExcelJS.Cell | null = null
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        texts.push(String(cell.text))
        if (cell.type === ExcelJS.ValueType.Formula) formulaCells++
        if (cell.text === '=SUM(1+2)') found = cell
      }),
    )
    for (const label of ['组织名称', '统一社会信用代码', '人员', '从业人员数', '六有', '有场所']) {
      expect(texts).toContain(label)
    }
    expect(texts.join('|')).toMatch(/填报单位/)
    expect(formulaCells).toBe(0)
    expect(found).not.toBeNull()
    expect(found!.type).toBe(ExcelJS.ValueType.String)
    expect(found!.value).toBe('=SUM(1+2)')

    // and the =text survives the trip back, through xlsx and through CSV (as '=…)
    const original = withoutIds(await sheetRows(server, sheet, admin))
    const copy = await newSheet(grid.id, 'ledger', '公式测试台账副本')
    await upload(server, copy, admin, xlsx.bytes, { name: 'copy.xlsx' })
    expect(withoutIds(await sheetRows(server, copy, admin))).toEqual(original)
    const csvFile = await download(server, `/api/sheets/${sheet}/export?format=csv`, admin)
    expect(csvFile.bytes.toString('utf8')).toContain("'=SUM(1+2)")
    const csvCopy = await newSheet(grid.id, 'ledger', '公式测试台账CSV副本')
    await upload(server, csvCopy, admin, csvFile.bytes, { name: 'copy.csv' })
    expect(withoutIds(await sheetRows(server, csvCopy, admin))).toEqual(original)
  })

  it('round-trips a scoring sheet, and its PDF has the 督查反馈单 pages', async () => {
    const scoring = tree.sheets.find((s) => s.template === 'scoring')!
    const xlsx = await download(server, `/api/sheets/${scoring.id}/export?format=xlsx`, admin)
    expect(xlsx.status).toBe(200)
    const fresh = await newSheet(scoring.unitId, 'scoring', '评分导入测试')
    const res = await upload(server, fresh, admin, xlsx.bytes, { name: '评分.xlsx' })
    expect(res.status).toBe(200)
    const original = await sheetRows(server, scoring.id, admin)
    expect(res.body.rejected).toEqual([])
    expect(res.body.imported + res.body.updated).toBe(original.length)
    expect(withoutIds(await sheetRows(server, fresh, admin))).toEqual(withoutIds(original))

    const pdf = await download(server, `/api/sheets/${scoring.id}/export?format=pdf`, admin)
    expect(pdf.status).toBe(200)
    const text = pdfText(pdf.bytes)
    expect(text).toContain('督查反馈单')
    expect(text).toMatch(/第\s*1\s*页\s*共/)
  })

  it('writes a ledger PDF with the title and page footer, and a CSV with a BOM', async () => {
    const source = tree.sheets.find((s) => s.template === 'ledger' && s.status === 'accepted')!
    const pdf = await download(server, `/api/sheets/${source.id}/export?format=pdf`, admin)
    expect(pdf.status).toBe(200)
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-')
    const text = pdfText(pdf.bytes)
    expect(text.replace(/\s+/g, '')).toContain(source.title)
    expect(text).toMatch(/第\s*1\s*页\s*共\s*\d+\s*页/)
    expect(text).toMatch(/版本\s*[0-9a-f]{8}/)

    const csv = await download(server, `/api/sheets/${source.id}/export?format=csv`, admin)
    expect(csv.status).toBe(200)
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(csv.bytes.toString('utf8')).toContain('组织名称')

    const wrong = await server.api('GET', `/api/sheets/${source.id}/export?format=docx`, admin)
    expect(wrong.status).toBe(400)
  })

  it('writes the report as docx with every section', async () => {
    const town = tree.byName('城东街道')
    const report = await newSheet(town.id, 'report', '城东街道两新组织党建工作调研报告')
    const client = connectSheet(server.wsUrl, report, admin)
    try {
      await client.synced
      client.doc.transact(() => {
        const p = new Y.XmlElement('paragraph')
        p.insert(0, [new Y.XmlText('辖区共有两新组织一百余家。')])
        client.doc.getXmlFragment('basic').insert(0, [p])
      })
      const docx = async () =>
        docxText((await download(server, `/api/sheets/${report}/export?format=docx`, admin)).bytes)
      let text = await docx()
      for (let i = 0; i < 50 && !text.includes('一百余家'); i++) {
        await new Promise((r) => setTimeout(r, 50))
        text = await docx()
      }
      for (const heading of ['一、基本情况', '二、主要做法', '三、存在问题', '四、下一步打算']) {
        expect(text).toContain(heading)
      }
      expect(text).toContain('辖区共有两新组织一百余家。')
    } finally {
      client.destroy()
    }
    const xlsx = await server.api('GET', `/api/sheets/${report}/export?format=xlsx`, admin)
    expect(xlsx.status).toBe(400)
  })

  it('refuses a sibling township and unknown formats', async () => {
    const source = tree.sheets.find(
      (s) => s.template === 'ledger' && tree.subtree(tree.byName('城东街道').id).has(s.unitId),
    )!
    const sibling = await server.login('consolidator2', DEMO_PASSWORD)
    const res = await server.api('GET', `/api/sheets/${source.id}/export?format=xlsx`, sibling)
    expect(res.status).toBe(403)
    const own = await server.login('consolidator1', DEMO_PASSWORD)
    expect((await download(server, `/api/sheets/${source.id}/export?format=csv`, own)).status).toBe(
      200,
    )
    const bad = await server.api('GET', `/api/sheets/${source.id}/export?format=exe`, admin)
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/导出格式/)
    const rows: Row[] = (await sheetRows(server, source.id, admin)) as Row[]
    expect(rows.length).toBeGreaterThan(0)
  })
})
