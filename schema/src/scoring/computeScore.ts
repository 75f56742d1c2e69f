/**
 * @module scoring/computeScore
 * 总分 and 等次 of a 督查评分表 row (SPEC §2.2), computed from the criterion scores and
 * the template's grade bands, never typed. Scores that are empty or unreadable add
 * nothing; a row with no score at all has no total and no grade (null).
 */
import type { GridTemplate, Row, ScoringTemplate } from '../templates/types'

/** Sum of the criterion scores, or null when no score has been entered. */
export function computeTotal(template: ScoringTemplate, row: Row): number | null {
  let total = 0
  let any = false
  for (const criterion of template.criteria) {
    const v = row[criterion.id]
    if (typeof v === 'number' && Number.isFinite(v)) {
      total += v
      any = true
    }
  }
  // Scores are in halves, so the sum is exact; rounding guards against odd steps.
  return any ? Math.round(total * 1000) / 1000 : null
}

/** The grade for a total (bands are highest first), or null for no total. */
export function gradeOf(template: ScoringTemplate, total: number | null): string | null {
  if (total === null) return null
  for (const band of template.grades) if (total >= band.min) return band.grade
  return template.grades[template.grades.length - 1]!.grade
}

/** Rank of a grade in the template's bands: 0 is the best; -1 for an unknown grade. */
export function gradeRank(template: ScoringTemplate, grade: string): number {
  return template.grades.findIndex((band) => band.grade === grade)
}

/** True when a grade is below `rectificationFreeGrade`, i.e. 整改 is required. */
export function needsRectification(template: ScoringTemplate, grade: string | null): boolean {
  if (grade === null) return false
  const free = gradeRank(template, template.rectificationFreeGrade)
  return gradeRank(template, grade) > free
}

/** The row with `total` and `grade` filled in; a ledger row is returned unchanged. */
export function withComputed(template: GridTemplate, row: Row): Row {
  if (template.kind !== 'scoring') return row
  const total = computeTotal(template, row)
  return { ...row, total, grade: gradeOf(template, total) }
}

/**
 * The criteria scored below their max (readable scores from 0 up only), as "label扣n分" —
 * what a 评分表 rule's `{deductions}` shows, in criteria order.
 */
export function deductionsOf(template: ScoringTemplate, row: Row): string[] {
  const out: string[] = []
  for (const c of template.criteria) {
    const score = row[c.id]
    if (typeof score === 'number' && Number.isFinite(score) && score >= 0 && score < c.max) {
      out.push(`${c.label}扣${Math.round((c.max - score) * 100) / 100}分`)
    }
  }
  return out
}
