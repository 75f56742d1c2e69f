/**
 * 五星级党组织评定表 (seed 003: 组织建设好、保障机制好、活动开展好、作用发挥好、特色效果好), the built-in
 * that only data gives: its shape (five aspects of 20 points, star grades), its rules (the
 * 评分表 presets under its own labels and grades, plus "a 五星级 needs every aspect at 16 of
 * 20"), the duplicate check, and its 汇总 figures with drill-down.
 */
import { describe, expect, it } from 'vitest'
import { consolidateTemplate, drillDownTemplate } from '../consolidate/consolidateTemplate'
import { consolidateScoring } from '../consolidate/scoringSummary'
import { computeTotal, gradeOf } from '../scoring/computeScore'
import { validCode } from '../test/rows'
import { validateSheet } from '../validate/SheetValidator'
import { validateRow } from '../validate/validateRow'
import { BUILTIN_TEMPLATES, builtinTemplateById } from './builtins'
import { columnsOf } from './columns'
import { FIVE_STAR_ASPECTS, fiveStarCriteria, fiveStarTemplate } from './fiveStar'
import type { Row } from './types'

const TODAY = '2026-03-05'
const FULL: Record<string, number> = Object.fromEntries(fiveStarCriteria.map((c) => [c.id, c.max]))

/** A rated organisation with full marks, changed by `cells`. */
const rated = (cells: Partial<Row> = {}, id = 'r1'): Row =>
  ({
    id,
    org: '盐城黄海精密机械有限公司',
    creditCode: validCode(7),
    orgName: '盐城黄海精密机械有限公司党支部',
    team: '第一评定组',
    inspector: '王敏',
    date: '2026-03-01',
    ...FULL,
    ...cells,
  }) as Row
/** 67 points (二星级): no 特色效果, 作用发挥 7 of 20. */
const LOW = { brand: 0, model: 0, development: 3, cohesion: 4, harmony: 0 }
const findings = (row: Row) => validateRow(fiveStarTemplate, row, { today: TODAY })
const rules = (row: Row) => findings(row).map((f) => `${f.rule}@${f.column}`)

describe('the 五星级党组织评定表 template', () => {
  it('is a built-in 评分表 with the seed’s five aspects of 20 points each', () => {
    expect(builtinTemplateById('fiveStar')).toBe(fiveStarTemplate)
    expect(BUILTIN_TEMPLATES.get('fiveStar')?.kind).toBe('scoring')
    expect([...new Set(fiveStarCriteria.map((c) => c.group))]).toEqual([...FIVE_STAR_ASPECTS])
    expect(FIVE_STAR_ASPECTS).toEqual([
      '组织建设好',
      '保障机制好',
      '活动开展好',
      '作用发挥好',
      '特色效果好',
    ])
    for (const aspect of FIVE_STAR_ASPECTS) {
      const points = fiveStarCriteria
        .filter((c) => c.group === aspect)
        .reduce((n, c) => n + c.max, 0)
      expect(points, aspect).toBe(20)
    }
    expect(fiveStarTemplate.grades.map((g) => g.grade)).toEqual([
      '五星级',
      '四星级',
      '三星级',
      '二星级',
      '一星级',
    ])
  })

  it('its columns: pinned name, per-period cells that do not carry, an attachment column', () => {
    const byId = new Map(columnsOf(fiveStarTemplate).map((c) => [c.id, c]))
    expect(byId.get('org')?.pinned).toBe(true)
    expect(byId.get('grade')?.label).toBe('星级')
    expect(byId.get('evidence')?.type).toBe('attachment')
    for (const id of ['date', 'problems', 'rectification', 'deadline', 'evidence']) {
      expect(byId.get(id)?.carry, id).toBe(false)
    }
    expect(byId.get('creditCode')?.carry).toBeUndefined()
  })

  it('grades by total: ≥90 五星级, ≥80 四星级, ≥70 三星级, ≥60 二星级, else 一星级', () => {
    const grade = (total: number) => gradeOf(fiveStarTemplate, total)
    expect([100, 90, 89.5, 80, 70, 60, 59.5, 0].map(grade)).toEqual([
      '五星级',
      '五星级',
      '四星级',
      '四星级',
      '三星级',
      '二星级',
      '一星级',
      '一星级',
    ])
  })
})

describe('its rules', () => {
  it('full marks: 五星级, nothing to report', () => {
    const row = rated()
    expect(computeTotal(fiveStarTemplate, row)).toBe(100)
    expect(findings(row)).toEqual([])
  })

  it('a 五星级 total with an aspect below 16 of 20 is an error on 星级', () => {
    // 特色效果好 at 14 (brand 6 of 10, model 8 of 10): total 94, still ≥ 90.
    const row = rated({ brand: 6, model: 8, problems: '特色品牌尚未形成' })
    expect(gradeOf(fiveStarTemplate, computeTotal(fiveStarTemplate, row))).toBe('五星级')
    expect(findings(row)).toEqual([
      {
        rowId: 'r1',
        column: 'grade',
        rule: 'five-star-every-aspect',
        severity: 'error',
        message:
          '评定为五星级的，组织建设好、保障机制好、活动开展好、作用发挥好、特色效果好五个方面应各得16分以上（每方面满分20分）',
      },
    ])
    // At 16 in that aspect it holds; an unscored item counts as nothing.
    expect(rules(rated({ brand: 8, model: 8, problems: '有提升空间' }))).toEqual([])
    expect(rules(rated({ brand: 6, model: 10, problems: '有提升空间' }))).toEqual([])
    expect(rules(rated({ brand: null, model: 10, problems: '未评' }))).toEqual([
      'five-star-every-aspect@grade',
    ])
    // 86 points is 四星级: the rule does not apply.
    expect(rules(rated({ brand: null, model: 6, problems: '未评' }))).toEqual([])
  })

  it('a deduction needs 存在问题, and the message lists the deductions', () => {
    const row = rated({ recruitment: 3 })
    const f = findings(row).find((x) => x.rule === 'deduction-needs-problem')
    expect(f).toMatchObject({ column: 'problems', severity: 'error' })
    expect(f!.message).toBe('有扣分项（发展党员与教育管理扣2分），须填写存在问题')
  })

  it('二星级 and below need 整改要求 and 整改期限; 三星级 does not', () => {
    const low = rated({ ...LOW, problems: '作用发挥不明显' })
    expect(gradeOf(fiveStarTemplate, computeTotal(fiveStarTemplate, low))).toBe('二星级')
    expect(rules(low)).toEqual([
      'low-grade-needs-rectification@rectification',
      'low-grade-needs-rectification@deadline',
    ])
    expect(findings(low)[0]!.message).toBe('等次为「二星级」（三星级以下），须填写整改要求')
    expect(rules({ ...low, rectification: '打造特色品牌', deadline: '2026-06-30' })).toEqual([])
    const three = rated({ brand: 0, model: 0, development: 3, problems: '特色不足' })
    expect(gradeOf(fiveStarTemplate, computeTotal(fiveStarTemplate, three))).toBe('三星级')
    expect(rules(three)).toEqual([])
  })

  it('a 评定日期 after today, a score out of range, a bad credit code', () => {
    expect(findings(rated({ date: '2026-03-06' }))).toEqual([
      {
        rowId: 'r1',
        column: 'date',
        rule: 'date-in-future',
        severity: 'error',
        message: '评定日期「2026-03-06」晚于今天（2026-03-05），请核对',
      },
    ])
    expect(rules(rated({ orgSetup: 6, problems: '超分' }))).toContain('score-range@orgSetup')
    expect(rules(rated({ creditCode: '91320902MA1X8K3Q2X' }))).toEqual([
      'credit-code-invalid@creditCode',
    ])
  })

  it('one rating per organisation per sheet: a repeated credit code is flagged', () => {
    const sheet = [
      rated({}, 'a'),
      rated({ org: '另一家' }, 'b'),
      rated({ creditCode: validCode(8) }, 'c'),
    ]
    expect(
      validateSheet(fiveStarTemplate, sheet, { today: TODAY }).map((f) => [f.rowId, f.rule]),
    ).toEqual([['b', 'credit-code-duplicate']])
  })
})

describe('its 汇总', () => {
  const unitA: Row[] = [
    rated({}, 'a1'), // 100 五星级
    // 90 points is 五星级 although 特色效果好 has 10 of 20 (an error finding; still counted).
    rated({ brand: 5, model: 5, problems: '特色一般' }, 'a2'),
    rated({ development: 2, cohesion: 2, harmony: 2, problems: '作用发挥一般' }, 'a3'), // 86 四星级
  ]
  const unitB: Row[] = [
    rated({ ...LOW, problems: '作用发挥不明显' }, 'b1'), // 67 二星级
    { id: 'b2', org: '未评的组织' },
  ]

  it('average, 星级分布, 四星级以上 count and share, 需整改数, 问题数 — per unit and in total', () => {
    const result = consolidateTemplate(fiveStarTemplate, [
      { unit: '甲镇', rows: unitA },
      { unit: '乙镇', rows: unitB },
    ])
    expect(result.units[0]!.values).toEqual({
      count: 3,
      average: 92,
      grades: { 五星级: 2, 四星级: 1, 三星级: 0, 二星级: 0, 一星级: 0 },
      problemCount: 2,
      fourStarUpCount: 3,
      fourStarUpRate: { num: 3, den: 3, pct: 100 },
      rectifyCount: 0,
    })
    expect(result.units[1]!.values).toMatchObject({
      count: 2,
      average: 67,
      grades: { 二星级: 1 },
      fourStarUpRate: { num: 0, den: 1, pct: 0 },
      rectifyCount: 1,
    })
    expect(result.total.values).toMatchObject({
      count: 5,
      // (100 + 90 + 86 + 67) / 4 = 85.75 → 85.8
      average: 85.8,
      fourStarUpCount: 3,
      fourStarUpRate: { num: 3, den: 4, pct: 75 },
      rectifyCount: 1,
      problemCount: 3,
    })
    // The typed 评分表 view reads the shared figures of any 评分表 template.
    expect(
      consolidateScoring([{ unit: '甲镇', rows: unitA }], fiveStarTemplate).total,
    ).toMatchObject({ count: 3, average: 92, grades: { 五星级: 2, 四星级: 1 } })
  })

  it('drill-down lists the organisations behind each figure', () => {
    const rows = [...unitA, ...unitB]
    expect(drillDownTemplate(fiveStarTemplate, rows, 'fourStarUpRate')).toEqual({
      num: ['a1', 'a2', 'a3'],
      den: ['a1', 'a2', 'a3', 'b1'],
    })
    expect(drillDownTemplate(fiveStarTemplate, rows, 'grades', { value: '四星级' })).toEqual({
      rowIds: ['a3'],
    })
    expect(drillDownTemplate(fiveStarTemplate, rows, 'rectifyCount')).toEqual({ rowIds: ['b1'] })
  })
})
