/**
 * @module dashboard/TrendChart
 * 趋势 (SPEC §8): a unit's coverage rates and organisation count over the rounds of the
 * 网格台账, period by period, from `GET /api/units/:id/trend` (each period from its rounds'
 * accepted sheets). Nothing is drawn before there are rounds.
 */
import { useEffect, useState } from 'react'
import { fetchTrend, type Trend } from '../rounds/roundsApi'
import { EChart } from './EChart'

const RATES = [
  { id: 'orgCoverage', name: '党的组织覆盖率' },
  { id: 'workCoverage', name: '党的工作覆盖率' },
  { id: 'singleRate', name: '单独组建率' },
]

const pctOf = (v: unknown) =>
  typeof v === 'object' && v !== null && 'pct' in v ? (v as { pct: number | null }).pct : null

export function TrendChart({ unitId }: { unitId: string }) {
  const [trend, setTrend] = useState<Trend | null>(null)
  useEffect(() => {
    let cancelled = false
    fetchTrend(unitId, 'ledger', [...RATES.map((r) => r.id), 'orgCount']).then(
      (t) => !cancelled && setTrend(t),
      () => {},
    )
    return () => {
      cancelled = true
    }
  }, [unitId])
  if (!trend || trend.periods.length === 0) return null
  const labels = trend.rounds.map((r) => r.periodLabel)
  return (
    <section className="dashboard" aria-label="趋势">
      <EChart
        label="各期覆盖率趋势"
        option={{
          title: { text: '各期覆盖率趋势', left: 'center', textStyle: { fontSize: 14 } },
          tooltip: { trigger: 'axis' },
          legend: { bottom: 0 },
          grid: { left: 48, right: 16, top: 40, bottom: 56 },
          xAxis: { type: 'category', data: labels },
          yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
          series: RATES.map((r) => ({
            name: r.name,
            type: 'line',
            data: (trend.series[r.id] ?? []).map(pctOf),
          })),
        }}
      />
      <EChart
        label="各期组织总数"
        option={{
          title: { text: '各期组织总数', left: 'center', textStyle: { fontSize: 14 } },
          tooltip: { trigger: 'axis' },
          grid: { left: 48, right: 16, top: 40, bottom: 32 },
          xAxis: { type: 'category', data: labels },
          yAxis: { type: 'value', minInterval: 1 },
          series: [{ name: '组织总数', type: 'bar', data: trend.series.orgCount ?? [] }],
        }}
      />
    </section>
  )
}
