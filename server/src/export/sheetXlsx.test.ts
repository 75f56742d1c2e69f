// The xlsx export of ledger and scoring sheets: layout read back with exceljs, the
// formula rule of SPEC §5, and the round trip through the importer's reader.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import {
  FIRST_DATA_ROW,
  HEADER_ROWS,
  columnLetter,
  columnsOf,
  headerLabel,
  ledgerTemplate,
  scoringTemplate,
  tableToRows,
  type Row,
} from '@taizhang/schema'
import { readTableBytes } from '../files/readTable'
import { writeSheetXlsx } from './sheetXlsx'
import { LEDGER_ROWS, META, SCORING_ROWS } from '../test/exportRows'

async function load(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
  return workbook.worksheets[0]!
}

/** What the stored row should look like after export and import: ids aside. */
function comparable(rows: readonly Row[]) {
  return rows.map(({ id: _id, ...rest }) =>
    Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null && v !== undefined)),
  )
}

describe('writeSheetXlsx (ledger)', async () => {
  const buffer = await writeSheetXlsx({ template: ledgerTemplate, rows: LEDGER_ROWS, meta: META })
  const ws = await load(buffer)
  const columns = columnsOf(ledgerTemplate)
  const last = columnLetter(columns.length - 1)

  it('has the title, the version and the two merged header rows', () => {
    expect(ws.getCell('A1').value).toBe('城东街道幸福社区 2026年网格台账')
    expect(ws.getCell('A2').value).toBe('版本 9f2c4e1a · 2026-03-31 10:15')
    const merges = (ws.model as unknown as { merges: string[] }).merges
    expect(merges).toContain(`A1:${last}1`)
    // 组织名称 has no group: it spans both header rows.
    expect(merges).toContain('A3:A4')
    expect(ws.getCell('A3').value).toBe('组织名称')
    // 人员 over 从业人员数 … 入党积极分子数 (columns J–M).
    expect(merges).toContain('J3:M3')
    expect(ws.getCell('J3').value).toBe('人员')
    expect(ws.getCell('J4').value).toBe('从业人员数')
    // 六有 over six columns; money columns carry their unit.
    const sixHave = columns.findIndex((c) => c.id === 'hasSite')
    expect(merges).toContain(`${columnLetter(sixHave)}3:${columnLetter(sixHave + 5)}3`)
    const [groupRow, labelRow] = HEADER_ROWS
    columns.forEach((column, c) => {
      const text = ws.getCell(column.group ? labelRow : groupRow, c + 1).value
      expect(text).toBe(headerLabel(column))
    })
    expect(ws.getCell(labelRow, columns.findIndex((c) => c.id === 'partyFunds') + 1).value).toBe(
      '年度党建经费(元)',
    )
  })

  it('freezes the header and sets widths from the template', () => {
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: FIRST_DATA_ROW - 1, xSplit: 1 })
    expect(ws.getColumn(1).width).toBeGreaterThan(ws.getColumn(5).width!)
    expect(ws.pageSetup.orientation).toBe('landscape')
    expect(ws.pageSetup.printTitlesRow).toBe('3:4')
  })

  it('writes numbers as numbers, yes/no as 是/否 and codes as text', () => {
    const row = ws.getRow(FIRST_DATA_ROW)
    const at = (id: string) => row.getCell(columns.findIndex((c) => c.id === id) + 1)
    expect(at('employees').value).toBe(126)
    expect(at('payroll').value).toBe(1850000.5)
    expect(at('aboveScale').value).toBe('是')
    expect(at('womenFed').value).toBe('否')
    expect(at('creditCode').type).toBe(ExcelJS.ValueType.String)
    expect(at('phone').value).toBe('13805150123')
    expect(at('phone').type).toBe(ExcelJS.ValueType.String)
  })

  it('never turns text starting with = + - @ or tab into a formula (SPEC §5)', () => {
    const row = ws.getRow(FIRST_DATA_ROW + 3)
    const at = (id: string) => row.getCell(columns.findIndex((c) => c.id === id) + 1)
    const expected: Record<string, string> = {
      name: '=HYPERLINK("http://example.com","点我")',
      industry: '+86 贸易',
      grid: '@幸福社区第三网格',
      address: '-1号楼',
      leader: '\t=1+1',
      note: '=SUM(1,2)',
    }
    for (const [id, text] of Object.entries(expected)) {
      expect(at(id).type, id).toBe(ExcelJS.ValueType.String)
      expect(at(id).value, id).toBe(text)
      expect(at(id).formula, id).toBeUndefined()
      expect(at(id).numFmt, id).toBe('@')
    }
    let formulas = 0
    ws.eachRow((r) =>
      r.eachCell((cell) => (formulas += cell.type === ExcelJS.ValueType.Formula ? 1 : 0)),
    )
    expect(formulas).toBe(0)
  })

  it('puts drop-down lists on option and yes/no columns', () => {
    const category = columns.findIndex((c) => c.id === 'category') + 1
    const union = columns.findIndex((c) => c.id === 'union') + 1
    const name = ws.getCell(FIRST_DATA_ROW, 1)
    const dv = ws.getCell(FIRST_DATA_ROW + 2, category).dataValidation
    expect(dv.type).toBe('list')
    expect(dv.formulae).toEqual(['"非公企业,社会组织,个体工商户,专业市场"'])
    expect(ws.getCell(FIRST_DATA_ROW, union).dataValidation.formulae).toEqual(['"是,否"'])
    expect(name.dataValidation).toBeUndefined()
    // Only the data rows: not the header, not the footer.
    expect(ws.getCell(HEADER_ROWS[1], union).dataValidation).toBeUndefined()
    expect(ws.getCell(FIRST_DATA_ROW + LEDGER_ROWS.length, union).dataValidation).toBeUndefined()
  })

  it('ends with the signature row', () => {
    const footer = ws.getRow(FIRST_DATA_ROW + LEDGER_ROWS.length + 1)
    const texts = new Set<string>()
    footer.eachCell((cell) => texts.add(String(cell.value)))
    expect([...texts]).toEqual([
      '填报单位：城东街道幸福社区',
      '填报人：王丽',
      '审核人：张建国',
      '日期：2026-03-31',
    ])
    expect(ws.headerFooter.oddFooter).toContain('第 &P 页 共 &N 页')
    expect(ws.headerFooter.oddFooter).toContain('9f2c4e1a')
  })

  it('re-imports through the CLI reader to the same data', async () => {
    const table = await readTableBytes(new Uint8Array(buffer), '台账.xlsx', ledgerTemplate)
    expect(table.match.mapping).toEqual(columns.map((c) => c.id))
    const { rows, skipped } = tableToRows(ledgerTemplate, table.match.mapping, table.dataRows)
    expect(skipped.map((s) => s.reason)).toEqual(['表尾签字栏'])
    // The importer trims text, so the tab-prefixed cell comes back without its tab.
    const expected = comparable(LEDGER_ROWS).map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]),
      ),
    )
    expect(comparable(rows.map((r) => r.row))).toEqual(expected)
  })
})

describe('writeSheetXlsx (raw file)', () => {
  it('has no <f> element at all and formula-looking text as t="s" cells', async () => {
    const buffer = await writeSheetXlsx({ template: ledgerTemplate, rows: LEDGER_ROWS, meta: META })
    const file = join(mkdtempSync(join(tmpdir(), 'taizhang-xlsx-')), 'ledger.xlsx')
    writeFileSync(file, buffer)
    const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml']).toString('utf8')
    const strings = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml']).toString('utf8')
    expect(sheet).not.toMatch(/<f[ >]/)
    expect(strings).toContain('=SUM(1,2)')
    const row8 = /<row r="8"[^>]*>([\s\S]*?)<\/row>/.exec(sheet)?.[1] ?? ''
    expect(row8).toMatch(/<c r="A8"[^>]*t="s"/)
  })

  it('exports an empty sheet with header and footer only', async () => {
    const ws = await load(await writeSheetXlsx({ template: ledgerTemplate, rows: [], meta: META }))
    expect(ws.getCell(HEADER_ROWS[1], 10).value).toBe('从业人员数')
    expect(ws.getCell(FIRST_DATA_ROW + 1, 1).value).toBe('填报单位：城东街道幸福社区')
  })
})

describe('writeSheetXlsx (scoring)', async () => {
  const buffer = await writeSheetXlsx({
    template: scoringTemplate,
    rows: SCORING_ROWS,
    meta: { ...META, title: '2026年督查评分表' },
  })
  const ws = await load(buffer)
  const columns = columnsOf(scoringTemplate)
  const at = (row: number, id: string) =>
    ws.getCell(FIRST_DATA_ROW + row, columns.findIndex((c) => c.id === id) + 1)

  it('groups criteria under their category with max points in the header', () => {
    const merges = (ws.model as unknown as { merges: string[] }).merges
    // 组织建设 covers the four criteria after the five leading columns (F–I).
    expect(merges).toContain('F3:I3')
    expect(ws.getCell('F3').value).toBe('组织建设')
    expect(ws.getCell('F4').value).toBe('党组织设置与换届(5分)')
    expect(ws.getCell('I4').value).toBe('三会一课与组织生活(10分)')
    expect(merges).toContain(
      `${columnLetter(columns.findIndex((c) => c.id === 'total'))}3:${columnLetter(columns.findIndex((c) => c.id === 'total'))}4`,
    )
  })

  it('fills 总分 and 等次 from the scores', () => {
    expect(at(0, 'total').value).toBe(96.5)
    expect(at(0, 'grade').value).toBe('优秀')
    expect(at(1, 'total').value).toBe(67)
    expect(at(1, 'grade').value).toBe('合格')
    expect(at(1, 'deadline').value).toBe('2026-06-30')
    expect(at(1, 'deadline').type).toBe(ExcelJS.ValueType.String)
  })

  it('re-imports through the CLI reader to the same data', async () => {
    const table = await readTableBytes(new Uint8Array(buffer), '评分.xlsx', scoringTemplate)
    const { rows } = tableToRows(scoringTemplate, table.match.mapping, table.dataRows)
    const expected = comparable(SCORING_ROWS).map((r) => ({ ...r }))
    const got = comparable(rows.map((r) => r.row)).map((r) => {
      // 总分/等次 are computed columns: exported for people, recomputed on import.
      const { total: _t, grade: _g, ...rest } = r as Record<string, unknown>
      return rest
    })
    expect(got).toEqual(expected)
  })
})
