// SPEC §2.3 / §2.4: a consolidation as text for reading, in the chosen columns: 单位 header,
// one row per child unit in order, then 合计; counts as digits, rates as the 汇总 shows them.
import { describe, expect, it } from 'vitest'
import type { Row } from '../templates/types'
import { indicatorTable } from './indicatorTable'
import { consolidateLedger } from './ledgerIndicators'

const rows = [
  { id: 'a', name: '甲', category: '非公企业', employees: 10, members: 3, orgForm: '单独组建' },
  { id: 'b', name: '乙', category: '社会组织', employees: 4, orgForm: '未建立' },
  { id: 'c', name: '丙', category: '非公企业', employees: 6, orgForm: '未建立' },
] as Row[]

describe('indicatorTable', () => {
  it('writes the chosen indicators for each unit and 合计, rates with one decimal or —', () => {
    const result = consolidateLedger([
      { unit: '一网格', rows },
      { unit: '二网格', rows: [] },
    ])
    expect(indicatorTable(result, ['orgCount', 'employees', 'orgCoverage'])).toEqual([
      ['单位', '组织总数', '从业人员', '党的组织覆盖率'],
      ['一网格', '3', '20', '33.3%'],
      ['二网格', '0', '0', '—'],
      ['合计', '3', '20', '33.3%'],
    ])
  })

  it('takes a new header where the caller renames a column', () => {
    const { total } = consolidateLedger([{ unit: '一网格', rows }])
    const table = indicatorTable({ units: [], total }, ['members', 'orgCoverage'], {
      orgCoverage: '组织覆盖率',
    })
    expect(table).toEqual([
      ['单位', '正式党员', '组织覆盖率'],
      ['合计', '3', '33.3%'],
    ])
  })
})
