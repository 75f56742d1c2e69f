/**
 * @module templates/scoringPresets
 * The rules and indicators every 评分表 of SPEC §2.2/§2.4 has, written in the template
 * language for a given set of criteria and grades: the built-in 督查评分表 and 五星级党组织
 * 评定表 use them, and a template editor can offer them as presets (each a plain definition
 * a district may then edit). All `error`:
 * - `date-in-future` (on `date`): the date after today;
 * - `deduction-needs-problem` (on `problems`): a score below its max needs 存在问题;
 * - `low-grade-needs-rectification` (on `rectification` and on `deadline`): a grade below
 *   `rectificationFreeGrade` needs 整改要求 and 整改期限. The grade is the computed one
 *   (from the scores), never the stored `grade` cell.
 * `score-range` (0…max in steps of 0.5) is a cell check of every score column.
 */
import type { Criterion, GradeBand } from '../definition/column'
import type { Condition } from '../definition/condition'
import type { IndicatorDefinition } from '../definition/indicator'
import type { RuleDefinition } from '../definition/rule'

export interface ScoringShape {
  criteria: readonly Criterion[]
  grades: readonly GradeBand[]
  rectificationFreeGrade: string
}

/** Grades below the rectification-free one (the bands after it, highest first). */
export function gradesNeedingRectification(shape: ScoringShape): string[] {
  const free = shape.grades.findIndex((g) => g.grade === shape.rectificationFreeGrade)
  return shape.grades.slice(free + 1).map((g) => g.grade)
}

/** A criterion scored from 0 up to below its max. */
const deducted = (c: Criterion): Condition => ({
  all: [
    { op: '>=', left: { col: c.id }, right: 0 },
    { op: '<', left: { col: c.id }, right: c.max },
  ],
})

/** The rules of a 评分表 with these criteria and grades; `dateLabel` names the date column. */
export function scoringPresetRules(shape: ScoringShape, dateLabel = '督查日期'): RuleDefinition[] {
  const low = gradesNeedingRectification(shape)
  const free = shape.rectificationFreeGrade
  const needs = (column: string, what: string): RuleDefinition => ({
    id: 'low-grade-needs-rectification',
    severity: 'error',
    column,
    message: `等次为「{grade}」（${free}以下），须填写${what}`,
    when: {
      all: [
        { op: 'in', left: { col: 'grade' }, right: low },
        { op: 'empty', left: { col: column } },
      ],
    },
  })
  return [
    {
      id: 'date-in-future',
      severity: 'error',
      column: 'date',
      message: `${dateLabel}「{date}」晚于今天（{today}），请核对`,
      require: { op: '<=', left: { col: 'date' }, right: { today: true } },
    },
    {
      id: 'deduction-needs-problem',
      severity: 'error',
      column: 'problems',
      message: '有扣分项（{deductions}），须填写存在问题',
      when: {
        all: [{ op: 'empty', left: { col: 'problems' } }, { any: shape.criteria.map(deducted) }],
      },
    },
    ...(low.length > 0 ? [needs('rectification', '整改要求'), needs('deadline', '整改期限')] : []),
  ]
}

/** 组织数, 平均分, 等次分布 (over the template's grades), 问题数 (SPEC §2.4). */
export const scoringPresetIndicators: IndicatorDefinition[] = [
  { id: 'count', label: '组织数', kind: 'count' },
  { id: 'average', label: '平均分', kind: 'avg', col: 'total' },
  { id: 'grades', label: '等次分布', kind: 'distribution', col: 'grade' },
  {
    id: 'problemCount',
    label: '问题数',
    kind: 'count',
    where: { op: 'filled', left: { col: 'problems' } },
  },
]
