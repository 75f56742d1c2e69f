/** 总分 and 等次 (SPEC §2.2): computed from the criterion scores and the grade bands. */
import { describe, expect, it } from 'vitest'
import { scoringTemplate } from '../templates/scoring'
import { goodScoringRow } from '../test/rows'
import { computeTotal, gradeOf, needsRectification, withComputed } from './computeScore'

const noScores = Object.fromEntries(scoringTemplate.criteria.map((c) => [c.id, null]))

describe('computeTotal / gradeOf', () => {
  it('sums the criteria; full marks on the default template are 100 and 优秀', () => {
    expect(computeTotal(scoringTemplate, goodScoringRow())).toBe(100)
    expect(gradeOf(scoringTemplate, 100)).toBe('优秀')
  })
  it('ignores empty and unreadable scores; no score at all gives null', () => {
    expect(computeTotal(scoringTemplate, goodScoringRow({ meetings: null, brand: '满分' }))).toBe(
      85,
    )
    expect(computeTotal(scoringTemplate, goodScoringRow(noScores))).toBeNull()
    expect(gradeOf(scoringTemplate, null)).toBeNull()
  })
  it('grades at the band edges: ≥90 优秀, ≥80 良好, ≥60 合格, <60 不合格', () => {
    expect(gradeOf(scoringTemplate, 90)).toBe('优秀')
    expect(gradeOf(scoringTemplate, 89.5)).toBe('良好')
    expect(gradeOf(scoringTemplate, 80)).toBe('良好')
    expect(gradeOf(scoringTemplate, 79.5)).toBe('合格')
    expect(gradeOf(scoringTemplate, 60)).toBe('合格')
    expect(gradeOf(scoringTemplate, 59.5)).toBe('不合格')
    expect(gradeOf(scoringTemplate, 0)).toBe('不合格')
  })
  it('grades below 良好 need rectification', () => {
    expect(needsRectification(scoringTemplate, '优秀')).toBe(false)
    expect(needsRectification(scoringTemplate, '良好')).toBe(false)
    expect(needsRectification(scoringTemplate, '合格')).toBe(true)
    expect(needsRectification(scoringTemplate, '不合格')).toBe(true)
    expect(needsRectification(scoringTemplate, null)).toBe(false)
  })
})

describe('withComputed', () => {
  it('fills total and grade, replacing stale stored values', () => {
    const row = withComputed(scoringTemplate, goodScoringRow({ meetings: 2, total: 1, grade: 'x' }))
    expect(row).toMatchObject({ total: 92, grade: '优秀', meetings: 2 })
    const empty = withComputed(scoringTemplate, goodScoringRow(noScores))
    expect(empty).toMatchObject({ total: null, grade: null })
  })
})
