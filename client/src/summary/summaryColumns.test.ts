// The 汇总 table's columns (SPEC §2.4, §6.1): every indicator once with its Chinese
// label, 星级分布 over five columns, rates shown "28.8%" / "—", each with its drill-down.
import { LEDGER_INDICATORS, consolidateLedger, ledgerTemplate, type Row } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import { formatAverage, ledgerColumns, scoringColumns } from './summaryColumns'

const row = (id: string, values: Partial<Row>): Row => ({ id, ...values }) as Row

describe('ledgerColumns', () => {
  it('has every §6.1 indicator, stars spread over 1星…5星, in order', () => {
    const cols = ledgerColumns()
    expect(cols.map((c) => c.key)).toEqual(
      LEDGER_INDICATORS.flatMap((d) =>
        d.kind === 'distribution' ? ['1', '2', '3', '4', '5'].map((s) => `stars.${s}`) : [d.id],
      ),
    )
    expect(cols.find((c) => c.key === 'orgCoverage')?.label).toBe('党的组织覆盖率')
    expect(cols.find((c) => c.key === 'stars.3')).toMatchObject({
      label: '3星',
      group: '星级分布',
      ref: { indicator: 'stars', star: '3' },
    })
  })

  it('shows rates exactly, half up, and a zero denominator as —', () => {
    // 23 built of 80: 28.75 % must read 28.8 % (floating point gives 28.7)
    const rows = Array.from({ length: 80 }, (_, i) =>
      row(`r${i}`, {
        name: `企业${i}`,
        category: '非公企业',
        employees: 5,
        members: i < 23 ? 3 : 0,
        orgForm: i < 23 ? '单独组建' : '未建立',
      }),
    )
    const { total } = consolidateLedger([{ unit: '一网格', rows }])
    const cols = ledgerColumns()
    const figure = (key: string) => cols.find((c) => c.key === key)!.figure(total)
    expect(figure('orgCoverage')).toMatchObject({ kind: 'rate', text: '28.8%' })
    expect(figure('over100BuiltRate').text).toBe('—')
    expect(figure('orgCount')).toEqual({ kind: 'number', text: '80', value: 80 })
    expect(ledgerTemplate.kind).toBe('ledger')
  })
})

describe('scoringColumns', () => {
  it('lists 组织数, 平均分, one column per grade and 问题数', () => {
    const grades = ['优秀', '良好', '合格', '不合格']
    const cols = scoringColumns(grades)
    expect(cols.map((c) => c.label)).toEqual(['组织数', '平均分', ...grades, '问题数'])
    const values = { count: 3, average: 86.45, grades: { 优秀: 1, 良好: 2 }, problemCount: 2 }
    expect(cols[1]!.figure(values).text).toBe('86.5')
    expect(cols[5]!.figure(values).text).toBe('0')
    expect(cols[2]!.ref).toEqual({ indicator: 'grades', grade: '优秀' })
    expect(formatAverage(null)).toBe('—')
  })
})
