// The browser's offline xlsx and CSV (SPEC §5) have the server export's layout: title,
// version, two-row merged header, data from row 5, footer; formula-looking text stays text.
import ExcelJS from 'exceljs'
import { FIRST_DATA_ROW, ledgerTemplate, scoringTemplate, type Row } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import { sheetCsvText } from './sheetCsv'
import { buildSheetWorkbook } from './sheetWorkbook'

const meta = {
  unitName: '幸福社区第一网格',
  title: '党建工作台账',
  version: { hash: 'abcdef0123456789', at: '2026-11-22T04:00:00.000Z' },
}
const rows = [
  { id: 'a', name: '=HYPERLINK("x")', category: '非公企业', employees: 12, union: true },
  { id: 'b', name: '乙公司', phone: '+8613800000000', note: '@备注' },
] as Row[]

describe('buildSheetWorkbook', () => {
  it('lays out title, merged header, typed data and footer, and re-reads with exceljs', async () => {
    const wb = buildSheetWorkbook(ExcelJS, {
      template: ledgerTemplate,
      rows,
      meta,
      note: '（离线导出）',
    })
    const back = new ExcelJS.Workbook()
    await back.xlsx.load(await wb.xlsx.writeBuffer())
    const ws = back.worksheets[0]!
    expect(ws.getCell('A1').value).toBe('幸福社区第一网格 党建工作台账')
    expect(ws.getCell('A2').value).toBe('版本 abcdef01 · 2026-11-22 12:00（离线导出）')
    expect(ws.getCell('A3').value).toBe('组织名称')
    expect(ws.getCell('A4').isMerged).toBe(true)
    const top = ws.getRow(3).values as unknown[]
    const group = top.indexOf('人员')
    expect(ws.getCell(4, group).value).toBe('从业人员数')
    expect(ws.getCell(3, group + 1).isMerged).toBe(true)
    const a = ws.getRow(FIRST_DATA_ROW)
    expect(a.getCell(1).value).toBe('=HYPERLINK("x")')
    expect(a.getCell(1).type).toBe(ExcelJS.ValueType.String)
    expect(a.getCell(top.indexOf('组织类别')).value).toBe('非公企业')
    expect(a.getCell(group).value).toBe(12)
    const b = ws.getRow(FIRST_DATA_ROW + 1)
    expect(b.getCell(top.indexOf('联系电话')).value).toBe('+8613800000000')
    expect(String(ws.getCell(FIRST_DATA_ROW + 3, 1).value)).toBe('填报单位：幸福社区第一网格')
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 4 })
  })

  it('computes 总分 and 等次 of a scoring sheet', async () => {
    const wb = buildSheetWorkbook(ExcelJS, {
      template: scoringTemplate,
      rows: [{ id: 's', org: '甲', orgSetup: 5 } as Row],
      meta,
    })
    const ws = wb.worksheets[0]!
    const label = (c: number) => String(ws.getCell(4, c).value ?? ws.getCell(3, c).value ?? '')
    const columns = ws.columnCount
    const totalCol = Array.from({ length: columns }, (_, i) => i + 1).find((c) =>
      label(c).startsWith('总分'),
    )!
    expect(ws.getCell(FIRST_DATA_ROW, totalCol).value).toBe(5)
    expect(ws.getCell(FIRST_DATA_ROW, totalCol + 1).value).toBe('不合格')
  })
})

describe('sheetCsvText', () => {
  it('writes a BOM, Chinese headers, 是/否 and a quote before formula-looking text', () => {
    const text = sheetCsvText(ledgerTemplate, rows)
    expect(text.startsWith('\uFEFF组织名称,')).toBe(true)
    const lines = text.slice(1).split('\r\n')
    expect(lines[1]!.startsWith(`"'=HYPERLINK(""x"")"`)).toBe(true)
    expect(lines[1]).toContain(',是,')
    expect(lines[2]).toContain("'+8613800000000")
    expect(lines[2]).toContain("'@备注")
  })
})
