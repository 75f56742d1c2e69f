/**
 * @module dashboard/templateCharts
 * The dashboard of any template's 汇总 (SPEC §7): its rate indicators per child unit as bars,
 * with each rate's target as a dashed line, so units below target stand out; built from the
 * same answer the table shows. Pure, like chartOptions.ts.
 */
import type { IndicatorDefinition, Rate } from '@taizhang/schema'
import type { TemplateChildRow } from '../summary/consolidationApi'
import type { ChartOption } from './chartOptions'

const COLORS = ['#b71c1c', '#2a9d8f', '#f4a261', '#264653', '#e57373', '#8d6e63']

const pctOf = (v: unknown): number | null =>
  typeof v === 'object' && v !== null && 'pct' in v ? (v as Rate).pct : null

/** The rates (at most six) per child unit, a target line on those that set one. */
export function templateRatesOption(
  units: readonly TemplateChildRow[],
  indicators: readonly IndicatorDefinition[],
): ChartOption | null {
  const rates = indicators.filter((i) => i.kind === 'rate').slice(0, 6)
  if (rates.length === 0 || units.length === 0) return null
  return {
    color: COLORS,
    title: { text: '各单位比率指标', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v == null ? '—' : `${v}%`) },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 56 },
    xAxis: { type: 'category', data: units.map((u) => u.unit), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: rates.map((r) => ({
      name: r.label,
      type: 'bar',
      data: units.map((u) => pctOf(u[r.id])),
      ...(r.target
        ? {
            markLine: {
              symbol: 'none',
              lineStyle: { type: 'dashed' },
              label: { formatter: `${r.label}目标 ${r.target.value}%` },
              data: [{ yAxis: r.target.value }],
            },
          }
        : {}),
    })),
  }
}
