/**
 * @module demo/scoringRows
 * Realistic demo 督查评分表 rows: one inspection team scoring organisations of a ledger
 * "one by one" (一家一家打分), with deductions explained in 存在问题 and, below 良好,
 * 整改要求 and 整改期限 (SPEC §2.2). Seeded, like the ledger demo data. 总分/等次 are
 * not stored: they are computed (`scoring/computeScore`).
 * Without `withProblems` the rows pass every scoring rule; with it, a few rows break
 * one on purpose (deduction without 存在问题, low grade without 整改, off-step score,
 * a mistyped future date).
 */
import { computeTotal, gradeOf, needsRectification } from '../scoring/computeScore'
import { scoringTemplate as defaultScoringTemplate } from '../templates/scoring'
import type { Row, ScoringTemplate } from '../templates/types'
import { personName } from './organisations'
import { createRandom, type Random } from './random'
import { PROBLEMS_BY_CRITERION, RECTIFICATIONS } from './vocabulary'

export interface ScoringRowsOptions {
  seed: number | string
  count: number
  /** Organisations to inspect; those with a 党组织 are picked first. */
  ledgerRows: readonly Row[]
  /** 督查组, e.g. 第三督查组. */
  team: string
  /** 督查员 names (default: three generated names). */
  inspectors?: readonly string[]
  /** Inspection dates are spread over [dateFrom, dateTo] (`YYYY-MM-DD`). */
  dateFrom?: string
  dateTo?: string
  withProblems?: boolean
  template?: ScoringTemplate
}

const DAY = 86_400_000
const toDay = (iso: string): number =>
  Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY
const fromDay = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10)

const BUILT = new Set(['单独组建', '联合组建', '挂靠组建'])

/** A score in steps of 0.5 below the max: from half a point to 90 % of the points lost. */
function deducted(rng: Random, max: number): number {
  const steps = Math.round(max * 2)
  const lost = rng.int(1, Math.max(1, Math.floor(steps * 0.9)))
  return (steps - lost) / 2
}

/**
 * `count` scoring rows for organisations of `ledgerRows` (fewer when the ledger has
 * fewer named organisations), each organisation at most once.
 */
export function generateScoringRows({
  seed,
  count,
  ledgerRows,
  team,
  inspectors,
  dateFrom = '2026-09-01',
  dateTo = '2026-10-31',
  withProblems = false,
  template = defaultScoringTemplate,
}: ScoringRowsOptions): Row[] {
  const rng = createRandom(`scoring/${String(seed)}/${team}`)
  const people = inspectors?.length ? [...inspectors] : [0, 1, 2].map(() => personName(rng))
  const named = ledgerRows.filter((r) => typeof r.name === 'string' && r.name.trim() !== '')
  const built = named.filter((r) => typeof r.orgForm === 'string' && BUILT.has(r.orgForm))
  const others = named.filter((r) => !(typeof r.orgForm === 'string' && BUILT.has(r.orgForm)))
  const chosen = [...rng.sample(built, count), ...rng.sample(others, count)].slice(0, count)
  const first = toDay(dateFrom)
  const span = Math.max(0, toDay(dateTo) - first)

  return chosen.map((org) => {
    // Chance of full marks per criterion: most 良好 or better, some 合格, a few 不合格.
    const quality = rng.weighted([
      [0.88, 30],
      [0.7, 35],
      [0.45, 25],
      [0.15, 10],
    ])
    const date = fromDay(first + rng.int(0, span))
    const row: Row = {
      id: rng.id(),
      org: org.name as string,
      creditCode: typeof org.creditCode === 'string' ? org.creditCode : null,
      team,
      inspector: rng.pick(people),
      date,
    }
    const problems: string[] = []
    for (const criterion of template.criteria) {
      if (rng.chance(quality)) row[criterion.id] = criterion.max
      else {
        row[criterion.id] = deducted(rng, criterion.max)
        const phrases = PROBLEMS_BY_CRITERION[criterion.id]
        problems.push(phrases ? rng.pick(phrases) : `${criterion.label}不到位`)
      }
    }
    row.problems = problems.length ? [...new Set(problems)].join('；') : null
    const grade = gradeOf(template, computeTotal(template, row))
    const rectify = needsRectification(template, grade)
    row.rectification = rectify ? rng.sample(RECTIFICATIONS, rng.int(1, 2)).join('；') : null
    row.deadline = rectify ? fromDay(toDay(date) + rng.pick([15, 30, 60])) : null

    if (withProblems && rng.chance(0.15)) {
      const kind = rng.pick(['no-problem-text', 'no-rectification', 'off-step', 'future-date'])
      if (kind === 'no-problem-text' && row.problems) row.problems = null
      else if (kind === 'no-rectification' && rectify) row.rectification = null
      else if (kind === 'future-date')
        row.date = `2062${date.slice(4)}` // 2026 typed as 2062
      else {
        const criterion = rng.pick(template.criteria)
        row[criterion.id] = Math.max(0, criterion.max - 0.7)
        row.problems = row.problems ?? `${criterion.label}不到位`
      }
    }
    return row
  })
}
