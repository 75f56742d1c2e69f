// SPEC §2.4 "for scoring sheets: 平均分, 等次分布, 问题数": worked examples, a generated
// inspection round checked against figures computed independently here, the total
// recomputed from sums (never an average of averages), and drill-down agreement.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { generateDistrict } from '../demo/organisations'
import { generateScoringRows } from '../demo/scoringRows'
import { scoringTemplate } from '../templates/scoring'
import type { CellValue, Row, ScoringTemplate } from '../templates/types'
import { consolidateScoring, scoringDrillDown, scoringIndicators } from './scoringSummary'

const CRITERIA = scoringTemplate.criteria.map((c) => c.id)

/** A row scoring full marks except `lost` points taken from 三会一课 (max 10) and 档案 (10). */
function scored(id: string, lost: number, extra: Record<string, CellValue> = {}): Row {
  const row: Row = { id, org: `组织${id}` }
  for (const c of scoringTemplate.criteria) row[c.id] = c.max
  row.meetings = 10 - Math.min(10, lost)
  row.archives = 10 - Math.max(0, lost - 10)
  return { ...row, ...extra }
}

/** Independent reference: totals summed per row in halves, average by BigInt long division. */
function reference(rows: Row[]) {
  let count = 0
  let scoredRows = 0
  let halves = 0
  const grades: Record<string, number> = { 优秀: 0, 良好: 0, 合格: 0, 不合格: 0 }
  let problems = 0
  for (const row of rows) {
    count++
    let rowHalves = 0
    let any = false
    for (const id of CRITERIA) {
      const v = row[id]
      if (typeof v === 'number' && Number.isFinite(v)) {
        rowHalves += Math.round(v * 2)
        any = true
      }
    }
    if (any) {
      scoredRows++
      halves += rowHalves
      const total = rowHalves / 2
      grades[total >= 90 ? '优秀' : total >= 80 ? '良好' : total >= 60 ? '合格' : '不合格']!++
    }
    if (typeof row.problems === 'string' && row.problems.trim()) problems++
  }
  let average: number | null = null
  if (scoredRows > 0) {
    // average × 10 = halves × 5 / n, rounded half up.
    const scaled = BigInt(halves) * 5n
    const q = scaled / BigInt(scoredRows)
    const rest = scaled - q * BigInt(scoredRows)
    average = Number(rest * 2n >= BigInt(scoredRows) ? q + 1n : q) / 10
  }
  return { count, average, grades, problemCount: problems }
}

describe('consolidateScoring', () => {
  it('counts rows, averages totals to one decimal half up, counts grades and problems', () => {
    const rows = [
      scored('a', 0), // 100 优秀
      scored('b', 15, { problems: '"三会一课"记录不完整' }), // 85 良好
      scored('c', 20, { problems: '档案缺失', rectification: '补齐', deadline: '2026-12-01' }), // 80 良好
      { id: 'd', org: '未打分' }, // no score yet: counted, not averaged, no grade
    ]
    expect(scoringIndicators(rows)).toEqual({
      count: 4,
      average: 88.3, // 265 / 3 = 88.33…
      grades: { 优秀: 1, 良好: 2, 合格: 0, 不合格: 0 },
      problemCount: 2,
    })
  })

  it('rounds a half exactly up (floating point would not)', () => {
    // 80.5 + 80 = 160.5 / 2 = 80.25 → 80.3
    const rows = [scored('a', 19.5), scored('b', 20)]
    expect(scoringIndicators(rows).average).toBe(80.3)
  })

  it('recomputes the total from sums, never averaging the averages', () => {
    const result = consolidateScoring([
      { unit: '第一督查组', rows: [scored('a', 0)] },
      { unit: '第二督查组', rows: [scored('b', 20), scored('c', 20), scored('d', 20)] },
    ])
    expect(result.units.map((u) => [u.unit, u.average])).toEqual([
      ['第一督查组', 100],
      ['第二督查组', 80],
    ])
    expect(result.total.average).toBe(85) // (100 + 240) / 4, not (100 + 80) / 2
    expect(result.total.count).toBe(4)
    expect(result.total.grades).toEqual({ 优秀: 1, 良好: 3, 合格: 0, 不合格: 0 })
  })

  it('an empty unit has average null, and wrong-typed scores count as empty', () => {
    expect(consolidateScoring([{ unit: '空', rows: [] }]).units[0]).toEqual({
      unit: '空',
      count: 0,
      average: null,
      grades: { 优秀: 0, 良好: 0, 合格: 0, 不合格: 0 },
      problemCount: 0,
    })
    const text: Row = { id: 't', meetings: '10分', problems: '   ' }
    expect(scoringIndicators([text])).toEqual({
      count: 1,
      average: null,
      grades: { 优秀: 0, 良好: 0, 合格: 0, 不合格: 0 },
      problemCount: 0,
    })
  })

  it('follows a district template with its own criteria and grades', () => {
    const custom: ScoringTemplate = {
      ...scoringTemplate,
      criteria: [
        { id: 'a', label: '甲', group: '组', max: 50 },
        { id: 'extra', label: '乙', group: '组', max: 50 },
      ],
      grades: [
        { grade: '好', min: 75 },
        { grade: '差', min: -Infinity },
      ],
      rectificationFreeGrade: '好',
    }
    const rows: Row[] = [
      { id: '1', a: 50, extra: 40 },
      { id: '2', a: 30, extra: 30 },
    ]
    expect(consolidateScoring([{ unit: 'x', rows }], custom).total).toEqual({
      count: 2,
      average: 75,
      grades: { 好: 1, 差: 1 },
      problemCount: 0,
    })
    expect(scoringDrillDown(rows, 'grades', { grade: '差', template: custom })).toEqual({
      rowIds: ['2'],
    })
  })

  it('matches independent figures on a generated inspection round, per team and in total', () => {
    const district = generateDistrict({
      seed: 7,
      townships: 3,
      gridsPerTownship: 4,
      orgsPerGrid: 40,
    })
    const ledger = district.townships.flatMap((t) => t.grids.flatMap((g) => g.rows))
    const teams = ['第一督查组', '第二督查组', '第三督查组'].map((team, i) => ({
      unit: team,
      rows: generateScoringRows({
        seed: i,
        count: 38,
        ledgerRows: ledger.slice(i * 160, i * 160 + 160),
        team,
        withProblems: i === 2,
      }),
    }))
    const result = consolidateScoring(teams)
    teams.forEach((t, i) => expect(result.units[i]).toEqual({ unit: t.unit, ...reference(t.rows) }))
    expect(result.total).toEqual(reference(teams.flatMap((t) => t.rows)))
    expect(JSON.parse(JSON.stringify(result))).toEqual(result)
  })

  it('drill-down agrees with every number (property)', () => {
    const score = fc.oneof(
      fc.constant(null),
      fc.integer({ min: 0, max: 20 }).map((h) => h / 2),
      fc.constant('五分'),
    )
    const rowArb = fc.record({
      meetings: score,
      archives: score,
      funds: score,
      orgSetup: score,
      problems: fc.constantFrom(null, '', '档案不全'),
    })
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), (cells) => {
        const rows = cells.map((c, i): Row => ({ ...c, id: `r${i}` }))
        const ind = scoringIndicators(rows)
        expect(ind).toEqual(reference(rows))
        expect(scoringDrillDown(rows, 'count').rowIds).toHaveLength(ind.count)
        expect(scoringDrillDown(rows, 'problemCount').rowIds).toHaveLength(ind.problemCount)
        const { byGrade } = scoringDrillDown(rows, 'grades')
        for (const [grade, n] of Object.entries(ind.grades)) {
          expect(byGrade[grade]).toHaveLength(n)
          expect(scoringDrillDown(rows, 'grades', { grade }).rowIds).toEqual(byGrade[grade])
        }
        const averaged = scoringDrillDown(rows, 'average').rowIds
        expect(averaged.length === 0).toBe(ind.average === null)
      }),
      { numRuns: 200 },
    )
  })

  it('refuses an unknown grade in Chinese', () => {
    expect(() => scoringDrillDown([], 'grades', { grade: '特优' })).toThrow('未知的等次')
  })
})
