// The dashboard's chart data (SPEC §2.4) from the consolidation JSON.
import { consolidateLedger, type Row } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import type { ChildExtras } from '../summary/consolidationApi'
import { coverageOption, progressOption, reportingProgress, starsOption } from './chartOptions'

const extras = (unit: string, over: Partial<ChildExtras> = {}): ChildExtras => ({
  unit,
  unitId: unit,
  sheets: [],
  missing: [],
  returned: [],
  pending: [],
  errorRows: 0,
  ...over,
})
const sheet = (id: string, status: 'accepted' | 'submitted' | 'returned') => ({
  id,
  title: id,
  unitId: id,
  unitName: id,
  status,
})

describe('chart options', () => {
  it('plots each child unit’s coverage rates, with a gap (null) for a zero denominator', () => {
    const rows: Row[] = [
      { id: 'a', name: '甲', category: '非公企业', employees: 5, orgForm: '联合组建' },
      { id: 'b', name: '乙', category: '非公企业', employees: 5, orgForm: '未建立' },
    ] as Row[]
    const { units } = consolidateLedger([
      { unit: '一街道', rows },
      { unit: '二街道', rows: [] },
    ])
    const option = coverageOption(units.map((u) => ({ ...u, ...extras(u.unit) })))
    expect(option.xAxis).toMatchObject({ data: ['一街道', '二街道'] })
    const series = option.series as { name: string; data: (number | null)[] }[]
    expect(series[0]).toMatchObject({ name: '党的组织覆盖率', data: [50, null] })
    const stars = starsOption(consolidateLedger([{ unit: 'x', rows }]).total)
    expect((stars.series as { data: number[] }[])[0]!.data).toEqual([0, 0, 0, 0, 0])
  })

  it('counts reporting progress per child without counting a sheet twice', () => {
    const progress = reportingProgress([
      extras('一街道', {
        sheets: [sheet('s1', 'accepted'), sheet('s2', 'submitted')],
        pending: [sheet('s2', 'submitted')],
        returned: [sheet('s3', 'returned')],
        missing: [{ unitId: 'g', unitName: 'g', sheetId: null, title: null, status: 'none' }],
      }),
    ])
    expect(progress).toEqual([
      { unit: '一街道', accepted: 1, submitted: 1, returned: 1, missing: 1 },
    ])
    const option = progressOption(progress)
    expect((option.series as { name: string }[]).map((s) => s.name)).toEqual([
      '已审核',
      '待审核',
      '已退回',
      '未报送',
    ])
  })
})
