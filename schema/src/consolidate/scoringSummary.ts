/**
 * @module consolidate/scoringSummary
 * 汇总 of 督查评分表 (SPEC §2.4 "for scoring sheets: 平均分, 等次分布, 问题数"), typed: per
 * child unit the number of inspected organisations, the average 总分 (one decimal, half
 * up, exact), how many got each 等次, and how many rows record 存在问题; plus the total,
 * recomputed from the summed points and counts, never an average of averages. These are
 * the template's indicators (`count`, `average`, `grades`, `problemCount`, data in
 * `templates/scoringPresets`), computed by the generic `consolidateTemplate`; 总分/等次 come
 * from `scoring/computeScore`, so the sheet, its export and this summary agree.
 * Not for: scoring rules (the template's `rules`).
 */
import type { IndicatorValues } from '../definition/compileIndicators'
import { scoringTemplate as defaultScoringTemplate } from '../templates/scoring'
import type { Row, ScoringTemplate } from '../templates/types'
import { consolidateTemplate, drillDownTemplate, templateFigures } from './consolidateTemplate'

/** The scoring indicators of one unit or of the total. */
export interface ScoringIndicators {
  /** Rows (inspected organisations), scored or not yet. */
  count: number
  /** 平均分 over the rows that have a 总分; null when none has. */
  average: number | null
  /** 等次分布: one key per grade of the template (优秀, 良好, 合格, 不合格 by default). */
  grades: Record<string, number>
  /** 问题数: rows with 存在问题 filled. */
  problemCount: number
}
export type ScoringUnitIndicators = { unit: string } & ScoringIndicators
export interface ScoringConsolidation {
  units: ScoringUnitIndicators[]
  total: ScoringIndicators
}

/** The figures of one set of rows under a scoring template, as ScoringIndicators. */
const asScoring = (values: IndicatorValues): ScoringIndicators =>
  values as unknown as ScoringIndicators

/** The scoring indicators of one set of rows. */
export function scoringIndicators(
  rows: readonly Row[],
  template: ScoringTemplate = defaultScoringTemplate,
): ScoringIndicators {
  return asScoring(templateFigures(template, rows).values)
}

/** 督查评分 汇总: one entry per child unit plus the total recomputed from the sums. */
export function consolidateScoring(
  units: readonly { unit: string; rows: readonly Row[] }[],
  template: ScoringTemplate = defaultScoringTemplate,
): ScoringConsolidation {
  const result = consolidateTemplate(template, units)
  return {
    units: result.units.map((u) => ({ unit: u.unit, ...asScoring(u.values) })),
    total: asScoring(result.total.values),
  }
}

export type ScoringIndicatorId = 'count' | 'average' | 'grades' | 'problemCount'
export interface ScoringDrillDownOptions {
  /** For `grades`: only the rows of this grade. */
  grade?: string
  template?: ScoringTemplate
}

/**
 * Drill-down for the scoring summary: `count` → every row, `average` → the rows that
 * have a 总分, `problemCount` → rows with 存在问题, `grades` → the rows of one grade
 * (`grade` given) or `byGrade` for all.
 */
export function scoringDrillDown(
  rows: readonly Row[],
  indicatorId: 'grades',
  opts?: ScoringDrillDownOptions & { grade?: undefined },
): { byGrade: Record<string, string[]> }
export function scoringDrillDown(
  rows: readonly Row[],
  indicatorId: 'grades',
  opts: ScoringDrillDownOptions & { grade: string },
): { rowIds: string[] }
export function scoringDrillDown(
  rows: readonly Row[],
  indicatorId: Exclude<ScoringIndicatorId, 'grades'>,
  opts?: ScoringDrillDownOptions,
): { rowIds: string[] }
export function scoringDrillDown(
  rows: readonly Row[],
  indicatorId: ScoringIndicatorId,
  opts?: ScoringDrillDownOptions,
): { rowIds: string[] } | { byGrade: Record<string, string[]> }
export function scoringDrillDown(
  rows: readonly Row[],
  indicatorId: ScoringIndicatorId,
  { grade, template = defaultScoringTemplate }: ScoringDrillDownOptions = {},
): { rowIds: string[] } | { byGrade: Record<string, string[]> } {
  if (grade !== undefined && !template.grades.some((band) => band.grade === grade)) {
    throw new RangeError(`未知的等次：${grade}`)
  }
  const result = drillDownTemplate(template, rows, indicatorId, {
    ...(grade !== undefined && indicatorId === 'grades' ? { value: grade } : {}),
  })
  if ('byValue' in result) return { byGrade: result.byValue }
  if ('num' in result) return { rowIds: result.num }
  return result
}
