// CSV export: BOM, Chinese header labels, 是/否, and the leading ' on formula-looking text.
import { describe, expect, it } from 'vitest'
import Papa from 'papaparse'
import {
  columnsOf,
  headerLabel,
  ledgerTemplate,
  scoringTemplate,
  tableToRows,
  type Row,
} from '@taizhang/schema'
import { readTableBytes } from '../files/readTable'
import { writeSheetCsv } from './sheetCsv'
import { LEDGER_ROWS, SCORING_ROWS } from '../test/exportRows'

function parse(buffer: Buffer): string[][] {
  return Papa.parse<string[]>(buffer.toString('utf8').slice(1), { skipEmptyLines: true }).data
}

describe('writeSheetCsv', () => {
  const buffer = writeSheetCsv({ template: ledgerTemplate, rows: LEDGER_ROWS })
  const [header, ...rows] = parse(buffer)
  const col = (id: string) => columnsOf(ledgerTemplate).findIndex((c) => c.id === id)

  it('starts with the UTF-8 BOM and uses CRLF', () => {
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(buffer.toString('utf8')).toContain('\r\n')
  })

  it('has the Chinese header labels, one line per row', () => {
    expect(header).toEqual(columnsOf(ledgerTemplate).map(headerLabel))
    expect(header).toContain('年度党建经费(元)')
    expect(header).toContain('是否"一肩挑"')
    expect(rows).toHaveLength(LEDGER_ROWS.length)
  })

  it('writes yes/no as 是/否 and numbers plainly', () => {
    expect(rows[0]![col('aboveScale')]).toBe('是')
    expect(rows[0]![col('womenFed')]).toBe('否')
    expect(rows[0]![col('payroll')]).toBe('1850000.5')
    expect(rows[1]![col('stars')]).toBe('')
  })

  it("prefixes formula-looking text with ' (SPEC §5)", () => {
    const r = rows[3]!
    expect(r[col('name')]).toBe(`'=HYPERLINK("http://example.com","点我")`)
    expect(r[col('industry')]).toBe("'+86 贸易")
    expect(r[col('grid')]).toBe("'@幸福社区第三网格")
    expect(r[col('address')]).toBe("'-1号楼")
    expect(r[col('leader')]).toBe("'\t=1+1")
    expect(r[col('note')]).toBe("'=SUM(1,2)")
    // Ordinary text is untouched.
    expect(rows[0]![col('name')]).toBe('盐城黄海精密机械有限公司')
  })

  it('re-imports through the CLI reader (rows without formula-looking text)', async () => {
    const plain = LEDGER_ROWS.slice(0, 3)
    const csv = writeSheetCsv({ template: ledgerTemplate, rows: plain })
    const table = await readTableBytes(new Uint8Array(csv), '台账.csv', ledgerTemplate)
    const { rows: back } = tableToRows(ledgerTemplate, table.match.mapping, table.dataRows)
    const strip = (r: Row) =>
      Object.fromEntries(Object.entries(r).filter(([k, v]) => k !== 'id' && v !== null))
    expect(back.map((r) => strip(r.row))).toEqual(plain.map(strip))
  })

  it('fills 总分 and 等次 for scoring sheets', () => {
    const [h, first] = parse(writeSheetCsv({ template: scoringTemplate, rows: SCORING_ROWS }))
    expect(first![h!.indexOf('总分')]).toBe('96.5')
    expect(first![h!.indexOf('等次')]).toBe('优秀')
    expect(h).toContain('三会一课与组织生活(10分)')
  })
})
