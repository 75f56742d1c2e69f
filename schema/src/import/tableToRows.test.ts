// Rows from a matched table: cells read by parseCell, ids r1…, row numbers faithful to
// the file, empty rows, footers and 合计 lines give no row.
import { describe, expect, it } from 'vitest'
import { ledgerTemplate } from '../templates/ledger'
import { tableToRows } from './tableToRows'

const mapping = [null, 'name', 'category', 'employees', 'hasSite', null]

describe('tableToRows', () => {
  it('reads each mapped cell and numbers rows as they appear in the file', () => {
    const { rows, skipped } = tableToRows(ledgerTemplate, mapping, [
      ['1', ' 甲公司 ', '非公企业', '１２人', '√', '微信'],
      ['', '', '', '', '', ''],
      ['2', '', '', '', '', ''], // 序号 only: an empty template row
      [3, '乙协会', '社会组织', 'abc', '否', null],
    ])
    expect(rows.map((r) => r.row)).toEqual([
      { id: 'r1', name: '甲公司', category: '非公企业', employees: 12, hasSite: true },
      { id: 'r4', name: '乙协会', category: '社会组织', employees: 'abc', hasSite: false },
    ])
    expect(rows.map((r) => r.dataRow)).toEqual([1, 4])
    expect(rows[0]!.cells[5]).toBe('微信')
    expect(skipped).toEqual([])
  })

  it('skips footers and 合计 rows, listing them', () => {
    const { rows, skipped } = tableToRows(
      ledgerTemplate,
      mapping,
      [
        ['1', '甲', '非公企业', 3, '', ''],
        ['合计', '', '', 3, '', ''],
        ['填报单位：某街道', '', '填报人：张三', '', '日期：2026-03-05', ''],
      ],
      { idPrefix: 'f2r' },
    )
    expect(rows.map((r) => r.row.id)).toEqual(['f2r1'])
    expect(skipped).toEqual([
      { dataRow: 2, reason: '合计行' },
      { dataRow: 3, reason: '表尾签字栏' },
    ])
  })
})
