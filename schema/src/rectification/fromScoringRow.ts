/**
 * @module rectification/fromScoringRow
 * Which rows of a 督查评分表 need rectification (SPEC §9), and what their item starts with: a row
 * needs one when a criterion is scored below its max (a readable score from 0 up), or when its
 * grade — computed from the scores, never the typed `grade` cell — is below the template's
 * `rectificationFreeGrade` (`gradesNeedingRectification`). The item copies the organisation,
 * its credit code, the criteria that lost points, 存在问题, 整改要求 and 整改期限 from the row.
 * Not for: storing items or finding the responsible grid (the server).
 */
import { parseDate } from '../parse/normalize'
import { computeTotal, gradeOf, needsRectification } from '../scoring/computeScore'
import type { Row, ScoringTemplate } from '../templates/types'

/** A criterion that lost points: its id, label, max and the score given. */
export interface CriterionShortfall {
  id: string
  label: string
  max: number
  score: number
}

/** What a new item takes from its scoring row. */
export interface RectificationDraft {
  rowId: string
  org: string
  creditCode: string | null
  criteria: CriterionShortfall[]
  /** The computed 等次, null for a row without scores. */
  grade: string | null
  problems: string
  requirement: string
  /** 整改期限 as `YYYY-MM-DD`, null when empty or unreadable. */
  deadline: string | null
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : v == null ? '' : String(v))

/** The criteria of a row scored from 0 up to below their max, in criteria order. */
export function shortfallsOf(template: ScoringTemplate, row: Row): CriterionShortfall[] {
  const out: CriterionShortfall[] = []
  for (const c of template.criteria) {
    const score = row[c.id]
    if (typeof score === 'number' && Number.isFinite(score) && score >= 0 && score < c.max) {
      out.push({ id: c.id, label: c.label, max: c.max, score })
    }
  }
  return out
}

/** The item a row needs, or null when the row needs no rectification. */
export function rectificationDraft(template: ScoringTemplate, row: Row): RectificationDraft | null {
  const criteria = shortfallsOf(template, row)
  const grade = gradeOf(template, computeTotal(template, row))
  if (criteria.length === 0 && !needsRectification(template, grade)) return null
  const deadline = parseDate(row.deadline)
  return {
    rowId: row.id,
    org: text(row.org),
    creditCode: text(row.creditCode) || null,
    criteria,
    grade,
    problems: text(row.problems),
    requirement: text(row.rectification),
    deadline: typeof deadline === 'string' ? deadline : null,
  }
}

/** Every row of a sheet that needs rectification, in sheet order. */
export function rectificationDrafts(template: ScoringTemplate, rows: Row[]): RectificationDraft[] {
  const out: RectificationDraft[] = []
  for (const row of rows) {
    const draft = rectificationDraft(template, row)
    if (draft) out.push(draft)
  }
  return out
}
