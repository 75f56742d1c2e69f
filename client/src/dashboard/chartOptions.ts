/**
 * @module dashboard/chartOptions
 * The dashboard's charts as plain ECharts options built from the consolidation JSON
 * (pure, unit-tested): coverage rates per child unit, the 星级 and 等次 distributions,
 * and reporting progress (已审核 / 待审核 / 已退回 / 未报送 sheets per child).
 * Rates are the exact one-decimal `pct` the server computed; a zero denominator is a
 * gap in the bar, never a 0 %. Not for: drawing (EChart.tsx).
 */
import { STAR_KEYS, type LedgerIndicators, type ScoringIndicators } from '@taizhang/schema'
import type { ChildExtras } from '../summary/consolidationApi'

/** The subset of the ECharts option type these charts use (keeps this module pure). */
export type ChartOption = Record<string, unknown>

const RED = ['#b71c1c', '#e57373', '#f4a261', '#2a9d8f', '#264653']

type LedgerChild = LedgerIndicators & ChildExtras

/** 党的组织覆盖率 and 党的工作覆盖率 per child unit (percent, one decimal). */
export function coverageOption(units: readonly LedgerChild[]): ChartOption {
  return {
    color: RED,
    title: { text: '各单位覆盖率', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v == null ? '—' : `${v}%`) },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 56 },
    xAxis: { type: 'category', data: units.map((u) => u.unit), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: '党的组织覆盖率', type: 'bar', data: units.map((u) => u.orgCoverage.pct) },
      { name: '党的工作覆盖率', type: 'bar', data: units.map((u) => u.workCoverage.pct) },
    ],
  }
}

/** 星级分布 of the whole unit. */
export function starsOption(total: LedgerIndicators): ChartOption {
  return {
    color: RED,
    title: { text: '星级分布', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'item' },
    grid: { left: 40, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: STAR_KEYS.map((k) => `${k}星`) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: '组织数', type: 'bar', data: STAR_KEYS.map((k) => total.stars[k]) }],
  }
}

/** 等次分布 of the unit's scoring sheets. */
export function gradesOption(total: ScoringIndicators): ChartOption {
  return {
    color: RED,
    title: { text: '督查等次分布', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'item', formatter: '{b}：{c} 家（{d}%）' },
    legend: { bottom: 0 },
    series: [
      {
        name: '等次',
        type: 'pie',
        radius: ['35%', '65%'],
        data: Object.entries(total.grades).map(([name, value]) => ({ name, value })),
      },
    ],
  }
}

export interface Progress {
  unit: string
  accepted: number
  submitted: number
  returned: number
  missing: number
}

/** How many sheets of each child are 已审核, 待审核, 已退回 and 未报送. */
export function reportingProgress(units: readonly ChildExtras[]): Progress[] {
  return units.map((u) => {
    const accepted = new Set(u.sheets.filter((s) => s.status === 'accepted').map((s) => s.id))
    const submitted = new Set([
      ...u.pending.map((s) => s.id),
      ...u.sheets.filter((s) => s.status === 'submitted').map((s) => s.id),
    ])
    return {
      unit: u.unit,
      accepted: accepted.size,
      submitted: submitted.size,
      returned: u.returned.length,
      missing: u.missing.length,
    }
  })
}

/** Reporting progress as a stacked bar per child unit. */
export function progressOption(progress: readonly Progress[]): ChartOption {
  const series = (
    [
      ['已审核', 'accepted'],
      ['待审核', 'submitted'],
      ['已退回', 'returned'],
      ['未报送', 'missing'],
    ] as const
  ).map(([name, key]) => ({
    name,
    type: 'bar',
    stack: 'sheets',
    data: progress.map((p) => p[key]),
  }))
  return {
    color: ['#2a9d8f', '#f4a261', '#e57373', '#9e9e9e'],
    title: { text: '报送进度（表格数）', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 56 },
    xAxis: { type: 'category', data: progress.map((p) => p.unit), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series,
  }
}
