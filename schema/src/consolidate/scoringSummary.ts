/**
 * @module consolidate/scoringSummary
 * 汇总 of 督查评分表 (SPEC §2.4 "for scoring sheets: 平均分, 等次分布, 问题数"): per child
 * unit the number of inspected organisations, the average 总分 (one decimal, half up,
 * exact), how many got each 等次, and how many rows record 存在问题; plus the total,
 * recomputed from the summed points and counts, never an average of averages.
 * 总分/等次 come from `scoring/computeScore` (`withComputed`), so the sheet, its export
 * and this summary agree. Not for: scoring rules (see `rules/`).
 */
import { withComputed } from '../scoring/computeScore'
import { scoringTemplate as defaultScoringTemplate } from '../templates/scoring'
import type { Row, ScoringTemplate } from '../templates/types'
import { divideHalfUp } from './rate'

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

/** What one row contributes, read once. */
interface ScoringRowFacts {
  /** 总分 in thousandths of a point (exact sums), or null without any score. */
  milli: number | null
  grade: string | null
  problem: boolean
}

function scoringRowFacts(template: ScoringTemplate, row: Row): ScoringRowFacts {
  const computed = withComputed(template, row)
  const total = computed.total
  const grade = computed.grade
  const problems = row.problems
  return {
    milli: typeof total === 'number' && Number.isFinite(total) ? Math.round(total * 1000) : null,
    grade: typeof grade === 'string' ? grade : null,
    problem: typeof problems === 'string' && problems.trim() !== '',
  }
}

class ScoringAccumulator {
  count = 0
  scored = 0
  milli = 0
  problems = 0
  readonly grades: Record<string, number>

  constructor(template: ScoringTemplate) {
    this.grades = Object.fromEntries(template.grades.map((band) => [band.grade, 0]))
  }

  add(f: ScoringRowFacts): void {
    this.count += 1
    if (f.milli !== null) {
      this.scored += 1
      this.milli += f.milli
    }
    if (f.grade !== null && Object.hasOwn(this.grades, f.grade)) this.grades[f.grade]! += 1
    if (f.problem) this.problems += 1
  }

  merge(other: ScoringAccumulator): void {
    this.count += other.count
    this.scored += other.scored
    this.milli += other.milli
    this.problems += other.problems
    for (const [grade, n] of Object.entries(other.grades)) this.grades[grade]! += n
  }

  result(): ScoringIndicators {
    return {
      count: this.count,
      average: averageOf(this.milli, this.scored),
      grades: { ...this.grades },
      problemCount: this.problems,
    }
  }
}

/** Sum of points (in thousandths) / n, rounded half up to one decimal, exactly. */
function averageOf(milli: number, n: number): number | null {
  return n === 0 ? null : divideHalfUp(milli, 100 * n) / 10
}

const accumulate = (template: ScoringTemplate, rows: readonly Row[]): ScoringAccumulator => {
  const acc = new ScoringAccumulator(template)
  for (const row of rows) if (row._deleted !== true) acc.add(scoringRowFacts(template, row))
  return acc
}

/** The scoring indicators of one set of rows. */
export function scoringIndicators(
  rows: readonly Row[],
  template: ScoringTemplate = defaultScoringTemplate,
): ScoringIndicators {
  return accumulate(template, rows).result()
}

/** 督查评分 汇总: one entry per child unit plus the total recomputed from the sums. */
export function consolidateScoring(
  units: readonly { unit: string; rows: readonly Row[] }[],
  template: ScoringTemplate = defaultScoringTemplate,
): ScoringConsolidation {
  const total = new ScoringAccumulator(template)
  const perUnit = units.map(({ unit, rows }) => {
    const acc = accumulate(template, rows)
    total.merge(acc)
    return { unit, ...acc.result() }
  })
  return { units: perUnit, total: total.result() }
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
  const byGrade: Record<string, string[]> = Object.fromEntries(
    template.grades.map((band) => [band.grade, [] as string[]]),
  )
  if (grade !== undefined && !Object.hasOwn(byGrade, grade))
    throw new RangeError(`未知的等次：${grade}`)
  const ids: string[] = []
  for (const row of rows) {
    if (row._deleted === true) continue
    const f = scoringRowFacts(template, row)
    if (indicatorId === 'count') ids.push(row.id)
    else if (indicatorId === 'average') {
      if (f.milli !== null) ids.push(row.id)
    } else if (indicatorId === 'problemCount') {
      if (f.problem) ids.push(row.id)
    } else if (indicatorId === 'grades') {
      if (f.grade !== null && Object.hasOwn(byGrade, f.grade)) byGrade[f.grade]!.push(row.id)
    } else throw new RangeError(`未知的汇总指标：${String(indicatorId)}`)
  }
  if (indicatorId !== 'grades') return { rowIds: ids }
  return grade === undefined ? { byGrade } : { rowIds: byGrade[grade]! }
}
