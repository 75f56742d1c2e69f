import {
  consolidateTemplate,
  consolidationJson,
  ledgerTemplate,
  templateFromDocument,
} from '@taizhang/schema'
import { goodLedgerRow, techDefinition } from '@taizhang/schema/test'
import { describe, expect, it } from 'vitest'
import { templateRatesOption } from '../dashboard/templateCharts'
import type { TemplateChildRow } from './consolidationApi'
import { indicatorDrillColumns, templateColumns, type TemplateValues } from './templateColumns'

const made = templateFromDocument({
  id: 'tech',
  kind: 'ledger',
  name: '科技企业台账',
  version: 1,
  definition: techDefinition,
})
if (!made.ok) throw new Error(JSON.stringify(made.issues))
const tech = made.template

describe('templateColumns (SPEC §7: the 汇总 of any template, targets marked)', () => {
  // one unit meets 单独组建率 ≥ 98, the other does not
  const json = consolidationJson(
    consolidateTemplate(tech, [
      { unit: '甲网格', rows: [goodLedgerRow({ id: 'a1', members: 3, orgForm: '单独组建' })] },
      { unit: '乙网格', rows: [goodLedgerRow({ id: 'b1', members: 4, orgForm: '联合组建' })] },
    ]),
  )
  const total = json.total as TemplateValues
  const columns = templateColumns(tech.indicators, total)

  it('has one column per figure, a distribution spread over its values', () => {
    expect(columns.map((c) => c.key)).toEqual([
      'orgCount',
      'employees',
      'singleRate',
      'stars.1',
      'stars.2',
      'stars.3',
      'stars.4',
      'stars.5',
    ])
    expect(columns.find((c) => c.key === 'stars.3')?.group).toBe('星级分布')
  })

  it('reads the figures and whether each unit meets its target', () => {
    const [a, b] = json.units as TemplateValues[]
    const rate = columns.find((c) => c.key === 'singleRate')!
    expect(rate.target).toBe('目标 ≥ 98%')
    expect(rate.figure(a!).text).toBe('100.0%')
    expect(rate.met!(a!)).toBe(true)
    expect(rate.met!(b!)).toBe(false)
    expect(rate.met!(total)).toBe(false)
    expect(columns[0]!.met).toBeUndefined()
    expect(columns[0]!.figure(total).text).toBe('2')
  })

  it('charts the rates per unit with the target as a line', () => {
    const option = templateRatesOption(json.units as TemplateChildRow[], tech.indicators)!
    const series = option.series as {
      name: string
      data: unknown[]
      markLine?: { data: unknown[] }
    }[]
    expect(series[0]!.name).toBe('单独组建率')
    expect(series[0]!.data).toEqual([100, 0])
    expect(series[0]!.markLine?.data).toEqual([{ yAxis: 98 }])
  })

  it('drills down showing the cells an indicator reads', () => {
    expect(indicatorDrillColumns(tech, 'singleRate').map((c) => c.id)).toEqual(
      expect.arrayContaining(['creditCode', 'grid', 'members', 'orgForm']),
    )
    expect(indicatorDrillColumns(ledgerTemplate, 'employees').map((c) => c.id)).toContain(
      'employees',
    )
  })
})
