/**
 * @module rules/scoringRules
 * The rules of the 督查评分表 (SPEC §2.2), all `error`:
 * - `score-range`: each score 0…max in steps of 0.5. It concerns one cell, so
 *   `rules/cellRules` reports it for every `score` column; it is not repeated here.
 * - `deduction-needs-problem` (on `problems`): a score below its max needs 存在问题.
 * - `low-grade-needs-rectification` (on `rectification` and/or `deadline`): a grade
 *   below `rectificationFreeGrade` (良好) needs 整改要求 and 整改期限. The grade is
 *   recomputed from the scores, never taken from the stored `grade` cell.
 * - `date-in-future` (on `date`): 督查日期 after today.
 * Criteria are template data, so the rules are built per template.
 *
 * FROZEN REFERENCE (bench/consolidate): a copy of the hand-written code the template
 * language replaced (schema at commit 0d0c316), kept unchanged so the benchmark can time
 * the data-defined built-ins against it in the same run (after checking that both give
 * the same findings and figures). Not used by the product; do not edit.
 */
import {
  computeTotal,
  gradeOf,
  isIsoDate,
  needsRectification,
  type Row,
  type ScoringTemplate,
} from '@taizhang/schema'
import type { RowRule } from './rule'
import { isEmptyCell, num, str } from './rule'

/** Today's local date as `YYYY-MM-DD` (the default for `date-in-future`). */
export function localToday(now: Date = new Date()): string {
  const p = (n: number): string => (n < 10 ? '0' : '') + n
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`
}

/** The criteria scored below their max (readable scores only), as "label扣n分". */
function deductions(template: ScoringTemplate, row: Row): string[] {
  const out: string[] = []
  for (const c of template.criteria) {
    const score = num(row, c.id)
    if (score !== null && score >= 0 && score < c.max)
      out.push(`${c.label}扣${Math.round((c.max - score) * 100) / 100}分`)
  }
  return out
}

function lowGradeRule(template: ScoringTemplate, column: string, what: string): RowRule {
  return {
    id: 'low-grade-needs-rectification',
    severity: 'error',
    column,
    check(row) {
      const grade = gradeOf(template, computeTotal(template, row))
      if (!needsRectification(template, grade) || !isEmptyCell(row[column])) return null
      return `等次为「${grade}」（${template.rectificationFreeGrade}以下），须填写${what}`
    },
  }
}

/** The cross-field rules of a scoring template, in report order. */
export function scoringRules(template: ScoringTemplate): RowRule[] {
  return [
    {
      id: 'date-in-future',
      severity: 'error',
      column: 'date',
      check(row, ctx) {
        const date = str(row, 'date')
        if (date === null || !isIsoDate(date) || date <= ctx.today) return null
        return `督查日期「${date}」晚于今天（${ctx.today}），请核对`
      },
    },
    {
      id: 'deduction-needs-problem',
      severity: 'error',
      column: 'problems',
      check(row) {
        if (!isEmptyCell(row.problems)) return null
        const list = deductions(template, row)
        return list.length === 0 ? null : `有扣分项（${list.join('、')}），须填写存在问题`
      },
    },
    lowGradeRule(template, 'rectification', '整改要求'),
    lowGradeRule(template, 'deadline', '整改期限'),
  ]
}
