// 汇总表 exports: grouped headers, one row per child unit plus 合计, rates "50.0%" / "—".
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import {
  FIRST_DATA_ROW,
  HEADER_ROWS,
  columnLetter,
  consolidateLedger,
  consolidateScoring,
  generateLedgerRows,
  LEDGER_INDICATORS,
} from '@taizhang/schema'
import { CONSOLIDATION_COLUMNS } from './consolidationTable'
import { writeConsolidationPdf } from './consolidationPdf'
import { writeConsolidationXlsx } from './consolidationXlsx'
import { pdfPages, pdfText } from '../test/pdfText'
import { LEDGER_ROWS, SCORING_ROWS } from '../test/exportRows'

const result = consolidateLedger([
  { unit: '幸福社区', rows: LEDGER_ROWS },
  { unit: '建设社区', rows: generateLedgerRows({ seed: 7, count: 40, grid: '建设社区第一网格' }) },
  { unit: '和平社区', rows: generateLedgerRows({ seed: 8, count: 25, grid: '和平社区第二网格' }) },
])
const options = {
  title: '2026年网格台账汇总表',
  unitName: '城东街道',
  rowsWithErrors: 3,
  generatedAt: '2026-04-01T01:00:00Z',
}
const col = (key: string) => CONSOLIDATION_COLUMNS.findIndex((c) => c.key === key) + 2

describe('writeConsolidationXlsx', async () => {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(
    (await writeConsolidationXlsx(result, options)) as unknown as ArrayBuffer,
  )
  const ws = workbook.worksheets[0]!
  const merges = (ws.model as unknown as { merges: string[] }).merges

  it('has every indicator under a merged group header, stars as five columns', () => {
    expect(ws.getCell('A1').value).toBe('城东街道 2026年网格台账汇总表')
    expect(ws.getCell('A2').value).toBe('生成时间 2026-04-01 09:00')
    expect(ws.getCell(HEADER_ROWS[0], 1).value).toBe('单位')
    expect(merges).toContain('A3:A4')
    const labels = LEDGER_INDICATORS.filter((d) => d.kind !== 'distribution').map((d) => d.label)
    for (const label of labels) {
      const found = CONSOLIDATION_COLUMNS.findIndex((c) => c.label === label) + 2
      expect(found, label).toBeGreaterThan(1)
      const text =
        ws.getCell(HEADER_ROWS[1], found).value ?? ws.getCell(HEADER_ROWS[0], found).value
      expect(text).toBe(label)
    }
    const first = col('stars.1')
    expect(merges).toContain(`${columnLetter(first - 1)}3:${columnLetter(first + 3)}3`)
    expect(ws.getCell(HEADER_ROWS[0], first).value).toBe('星级分布')
    expect(ws.getCell(HEADER_ROWS[1], first + 4).value).toBe('五星')
    expect(ws.getCell(HEADER_ROWS[0], col('orgCoverage')).value).toBe('覆盖率与达标率')
  })

  it('writes one row per unit and a 合计 row with the summed counts', () => {
    const names = [0, 1, 2, 3].map((i) => ws.getCell(FIRST_DATA_ROW + i, 1).value)
    expect(names).toEqual(['幸福社区', '建设社区', '和平社区', '合计'])
    const total = ws.getRow(FIRST_DATA_ROW + 3)
    expect(total.getCell(col('orgCount')).value).toBe(4 + 40 + 25)
    expect(total.getCell(col('orgCount')).font.bold).toBe(true)
    expect(total.getCell(col('employees')).value).toBe(result.total.employees)
    expect(total.getCell(col('stars.4')).value).toBe(result.total.stars['4'])
  })

  it('shows rates with one decimal and "—" for a zero denominator', () => {
    const row = ws.getRow(FIRST_DATA_ROW)
    // 幸福社区: 2 of 4 organisations have a branch; of those 2, one has all 六有.
    expect(row.getCell(col('orgCoverage')).value).toBe(50)
    expect(row.getCell(col('orgCoverage')).numFmt).toBe('0.0"%"')
    expect(row.getCell(col('sixHaveRate')).value).toBe(50)
    expect(row.getCell(col('social50BuiltRate')).value).toBe('—')
    expect(ws.getRow(FIRST_DATA_ROW + 3).getCell(col('orgCoverage')).value).toBe(
      result.total.orgCoverage.pct,
    )
  })

  it('notes the rows with errors and ends with the signature row', () => {
    const note = ws.getCell(FIRST_DATA_ROW + 5, 1).value
    expect(note).toBe('注：有 3 行存在错误，仍按规则计入（无法识别的单元格按空值计）。')
    expect(ws.getCell(FIRST_DATA_ROW + 6, 1).value).toBe('填报单位：城东街道')
  })
})

describe('writeConsolidationPdf', async () => {
  const pdf = await writeConsolidationPdf(result, options)

  it('has the title, headers, rows, 合计 and the page footer', () => {
    const text = pdfText(pdf)
    expect(text).toContain('城东街道2026年网格台账汇总表')
    expect(text).toContain('群团组织与党建指导员')
    expect(text).toContain('星级分布')
    expect(text).toContain('建设社区')
    expect(text).toContain('合计')
    expect(text).toContain('50.0%')
    expect(text).toContain('—')
    expect(text).toContain('注：有3行存在错误')
    expect(text).toContain(`第1页共${pdfPages(pdf)}页`)
  })
})

describe('scoring summary exports (平均分, 等次分布, 问题数)', async () => {
  const summary = consolidateScoring([
    { unit: '第一督查组', rows: SCORING_ROWS },
    { unit: '第二督查组', rows: [] },
  ])
  const opts = { ...options, title: '2026年督查评分汇总表', rowsWithErrors: 0 }
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load((await writeConsolidationXlsx(summary, opts)) as unknown as ArrayBuffer)
  const ws = workbook.worksheets[0]!

  it('has 平均分 with one decimal, grades under 等次分布 and 问题数', () => {
    const header = (c: number) =>
      ws.getCell(HEADER_ROWS[1], c).value ?? ws.getCell(HEADER_ROWS[0], c).value
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(header)).toEqual([
      '单位',
      '督查组织数',
      '平均分',
      '优秀',
      '良好',
      '合格',
      '不合格',
      '问题数',
    ])
    expect(ws.getCell(HEADER_ROWS[0], 4).value).toBe('等次分布')
    const first = ws.getRow(FIRST_DATA_ROW)
    // (96.5 + 67) / 2 = 81.75 → 81.8 (half up).
    expect(first.getCell(3).value).toBe(81.8)
    expect(first.getCell(3).numFmt).toBe('0.0')
    expect([4, 5, 6, 7].map((c) => first.getCell(c).value)).toEqual([1, 0, 1, 0])
    expect(first.getCell(8).value).toBe(2)
    expect(ws.getRow(FIRST_DATA_ROW + 1).getCell(3).value).toBe('—')
    expect(ws.getRow(FIRST_DATA_ROW + 2).getCell(1).value).toBe('合计')
  })

  it('renders the same table as PDF', async () => {
    const text = pdfText(await writeConsolidationPdf(summary, opts))
    expect(text).toContain('城东街道2026年督查评分汇总表')
    expect(text).toContain('等次分布')
    expect(text).toContain('81.8')
    expect(text).not.toContain('注：')
  })
})
