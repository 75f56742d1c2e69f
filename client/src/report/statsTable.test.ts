// The 基本情况 statistics table (SPEC §2.3) from a ledger consolidation.
import { consolidateLedger, type Row } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import { statsSourceLine, statsTableRows } from './statsTable'

describe('statsTableRows', () => {
  it('has a header, one row per child unit and 合计 with rates as the 汇总 shows them', () => {
    const rows = [
      { id: 'a', name: '甲', category: '非公企业', employees: 10, members: 3, orgForm: '单独组建' },
      {
        id: 'b',
        name: '乙',
        category: '社会组织',
        employees: 4,
        orgForm: '未建立',
        instructor: '王',
      },
    ] as Row[]
    const { units, total } = consolidateLedger([
      { unit: '一网格', rows },
      { unit: '二网格', rows: [] },
    ])
    const table = statsTableRows(units, total)
    expect(table[0]![0]).toBe('单位')
    expect(table.map((r) => r[0])).toEqual(['单位', '一网格', '二网格', '合计'])
    const col = (label: string) => table[0]!.indexOf(label)
    expect(table[1]![col('组织总数')]).toBe('2')
    expect(table[1]![col('党的组织覆盖率')]).toBe('50.0%')
    expect(table[1]![col('党的工作覆盖率')]).toBe('100.0%')
    expect(table[2]![col('党的组织覆盖率')]).toBe('—')
    expect(table[3]![col('正式党员')]).toBe('3')
    expect(statsSourceLine('城东街道', 'not a time', true)).toBe(
      '数据来源：城东街道已审核台账汇总，截至not a time。',
    )
  })
})
