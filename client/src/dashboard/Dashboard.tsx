/**
 * @module dashboard/Dashboard
 * The 汇总 view's charts (SPEC §2.4): coverage rates per child unit, 星级 and
 * 督查等次 distributions, and reporting progress, drawn from the same consolidation
 * answers the table shows (so they move with it). For another template's 汇总 (SPEC §7)
 * `TemplateDashboard`: its rates with their targets, and reporting progress.
 * Not for: computing figures (the server and schema do).
 */
import { useMemo } from 'react'
import type { IndicatorDefinition } from '@taizhang/schema'
import type { LedgerResult, ScoringResult, TemplateResult } from '../summary/consolidationApi'
import {
  coverageOption,
  gradesOption,
  progressOption,
  reportingProgress,
  starsOption,
} from './chartOptions'
import { EChart } from './EChart'
import { templateRatesOption } from './templateCharts'
import './dashboard.css'

export function Dashboard({
  ledger,
  scoring,
}: {
  ledger: LedgerResult | null
  scoring: ScoringResult | null
}) {
  const coverage = useMemo(() => (ledger ? coverageOption(ledger.units) : null), [ledger])
  const stars = useMemo(() => (ledger ? starsOption(ledger.total) : null), [ledger])
  const progress = useMemo(
    () => (ledger ? progressOption(reportingProgress(ledger.units)) : null),
    [ledger],
  )
  const grades = useMemo(
    () => (scoring && scoring.total.count > 0 ? gradesOption(scoring.total) : null),
    [scoring],
  )
  if (!ledger) return null
  return (
    <section className="dashboard" aria-label="图表">
      {coverage && <EChart option={coverage} label="各单位覆盖率" />}
      {progress && <EChart option={progress} label="报送进度" />}
      {stars && <EChart option={stars} label="星级分布" />}
      {grades ? (
        <EChart option={grades} label="督查等次分布" />
      ) : (
        <div className="echart echart-empty muted">暂无已汇总的督查评分</div>
      )}
    </section>
  )
}

export function TemplateDashboard({
  result,
  indicators,
}: {
  result: TemplateResult | null
  indicators: readonly IndicatorDefinition[]
}) {
  const rates = useMemo(
    () => (result ? templateRatesOption(result.units, indicators) : null),
    [result, indicators],
  )
  const progress = useMemo(
    () => (result ? progressOption(reportingProgress(result.units)) : null),
    [result],
  )
  if (!result) return null
  return (
    <section className="dashboard" aria-label="图表">
      {rates && <EChart option={rates} label="各单位比率指标" />}
      {progress && <EChart option={progress} label="报送进度" />}
    </section>
  )
}
