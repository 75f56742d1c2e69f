/**
 * Rules of the 督查评分表 (SPEC §2.2 / §6.1), as the built-in template's definition
 * compiles them: `deduction-needs-problem`, `low-grade-needs-rectification`,
 * `date-in-future` (and `score-range` through validateRow). Each fires on a row that
 * breaks it and is silent on one that doesn't.
 */
import { describe, expect, it } from 'vitest'
import { compileTemplate } from '../definition/compileTemplate'
import { localToday } from '../rules/today'
import { goodScoringRow } from '../test/rows'
import { validateRow } from '../validate/validateRow'
import { scoringTemplate } from './scoring'
import type { Row } from './types'

const today = '2026-03-05'
const rules = compileTemplate(scoringTemplate).rules
const ctx = { template: scoringTemplate, today }
const messages = (id: string, row: Row) =>
  rules
    .filter((r) => r.id === id)
    .map((r) => [r.column, r.check(row, ctx)] as const)
    .filter(([, m]) => m !== null)

/** 50 points in total (不合格): every criterion at half its max. */
const lowScores = Object.fromEntries(scoringTemplate.criteria.map((c) => [c.id, c.max / 2]))

describe('scoring rules', () => {
  it('a full-marks row breaks nothing', () => {
    expect(validateRow(scoringTemplate, goodScoringRow(), { today })).toEqual([])
  })

  it('deduction-needs-problem: a score below its max needs 存在问题', () => {
    const row = goodScoringRow({ recruitment: 3, flag: 2.5 })
    expect(messages('deduction-needs-problem', row)).toEqual([
      ['problems', '有扣分项（发展党员扣2分、党旗扣0.5分），须填写存在问题'],
    ])
    const rule = rules.find((r) => r.id === 'deduction-needs-problem')!
    expect(rule.severity).toBe('error')
    expect(messages('deduction-needs-problem', { ...row, problems: '发展党员计划未落实' })).toEqual(
      [],
    )
    expect(messages('deduction-needs-problem', goodScoringRow({ recruitment: null }))).toEqual([])
  })

  it('low-grade-needs-rectification: below 良好 needs 整改要求 and 整改期限, each reported on its column', () => {
    const row = goodScoringRow({ ...lowScores, problems: '多项不达标' })
    expect(messages('low-grade-needs-rectification', row)).toEqual([
      ['rectification', '等次为「不合格」（良好以下），须填写整改要求'],
      ['deadline', '等次为「不合格」（良好以下），须填写整改期限'],
    ])
    expect(
      messages('low-grade-needs-rectification', { ...row, rectification: '限期完善阵地建设' }),
    ).toEqual([['deadline', '等次为「不合格」（良好以下），须填写整改期限']])
    expect(
      messages('low-grade-needs-rectification', {
        ...row,
        rectification: '限期完善阵地建设',
        deadline: '2026-06-30',
      }),
    ).toEqual([])
    // 合格 (60 points) needs it too; 良好 (80 points) does not.
    const pass = goodScoringRow({ meetings: 0, archives: 0, funds: 0, wallRules: 0, themed: 0 })
    expect(messages('low-grade-needs-rectification', pass)).toHaveLength(2)
    const good = goodScoringRow({ meetings: 0, archives: 0, problems: '未开展三会一课' })
    expect(messages('low-grade-needs-rectification', good)).toEqual([])
    // The stored grade does not matter; the scores do.
    expect(messages('low-grade-needs-rectification', { ...row, grade: '优秀' })).toHaveLength(2)
  })

  it('date-in-future: 督查日期 after today is an error, today and earlier are fine', () => {
    expect(messages('date-in-future', goodScoringRow({ date: '2026-03-06' }))).toEqual([
      ['date', '督查日期「2026-03-06」晚于今天（2026-03-05），请核对'],
    ])
    expect(messages('date-in-future', goodScoringRow({ date: '2026-03-05' }))).toEqual([])
    expect(messages('date-in-future', goodScoringRow({ date: '2025-12-31' }))).toEqual([])
    expect(messages('date-in-future', goodScoringRow({ date: null }))).toEqual([])
    expect(messages('date-in-future', goodScoringRow({ date: '下周' }))).toEqual([])
  })

  it('score-range is reported by the cell checks for every criterion', () => {
    const findings = validateRow(
      scoringTemplate,
      goodScoringRow({ brand: 5.5, site: 2.2, problems: '有' }),
      {
        today,
      },
    )
    expect(findings.filter((f) => f.rule === 'score-range').map((f) => f.column)).toEqual([
      'site',
      'brand',
    ])
  })

  it('every rule is an error', () => {
    for (const rule of rules) expect(rule.severity).toBe('error')
  })

  it('localToday gives the local date as YYYY-MM-DD', () => {
    expect(localToday(new Date(2026, 0, 9, 23, 59))).toBe('2026-01-09')
    expect(localToday()).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })
})
