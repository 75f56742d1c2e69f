/**
 * @module templates/fiveStar
 * 五星级党组织评定表 — the star rating of a single-built 党组织 (seed 003: "开展以'组织建设好、
 * 保障机制好、活动开展好、作用发挥好、特色效果好'为主要内容的五星级党组织创建活动，重点抓好四星级以上
 * 党组织的示范引领工作"; "已经单建党组织的100%实行星级管理"). A 评分表 like the 督查评分表 (one
 * row per organisation, scores per criterion, computed 总分 and 星级), but every part of it
 * is data: five aspects of 20 points, grades 五星级 … 一星级, a rule no hand-written code
 * had (a 五星级 needs every aspect at 16 of 20 or more), and 四星级以上 figures.
 * The criteria draw on the seeds' own wording: 有人管事、有钱办事、有阵地议事 (保障机制),
 * 党员示范岗、先锋岗、责任区 and 党建带群建 (活动开展), 助推企业发展、凝聚职工、促进社企和谐
 * (作用发挥), 特色品牌 and 典型示范 (特色效果).
 */
import type { Criterion } from '../definition/column'
import type { Condition } from '../definition/condition'
import type { RuleDefinition } from '../definition/rule'
import { defineTemplate } from '../definition/validateDefinition'
import {
  gradesNeedingRectification,
  scoringPresetIndicators,
  scoringPresetRules,
} from './scoringPresets'
import type { Column, ScoringTemplate } from './types'

/** The five aspects (五个好), 20 points each. */
export const FIVE_STAR_ASPECTS = [
  '组织建设好',
  '保障机制好',
  '活动开展好',
  '作用发挥好',
  '特色效果好',
] as const

export const fiveStarCriteria: Criterion[] = [
  { group: '组织建设好', id: 'orgSetup', label: '班子健全、按期换届', max: 5 },
  { group: '组织建设好', id: 'secretary', label: '书记选配与培训', max: 5 },
  { group: '组织建设好', id: 'recruitment', label: '发展党员与教育管理', max: 5 },
  { group: '组织建设好', id: 'meetings', label: '三会一课与组织生活', max: 5 },
  { group: '保障机制好', id: 'staffing', label: '党务工作力量（有人管事）', max: 5 },
  { group: '保障机制好', id: 'funds', label: '活动经费保障（有钱办事）', max: 5 },
  { group: '保障机制好', id: 'site', label: '活动阵地"六有"（有阵地议事）', max: 5 },
  { group: '保障机制好', id: 'mechanisms', label: '党群共建、激励关怀帮扶机制', max: 5 },
  { group: '活动开展好', id: 'themed', label: '主题实践活动', max: 5 },
  { group: '活动开展好', id: 'exemplary', label: '党员示范岗、先锋岗、责任区', max: 5 },
  { group: '活动开展好', id: 'massOrgs', label: '党建带群建', max: 5 },
  { group: '活动开展好', id: 'training', label: '党员和入党积极分子培训', max: 5 },
  { group: '作用发挥好', id: 'development', label: '助推企业发展', max: 7 },
  { group: '作用发挥好', id: 'cohesion', label: '凝聚职工、维护权益', max: 7 },
  { group: '作用发挥好', id: 'harmony', label: '促进社企和谐、履行社会责任', max: 6 },
  { group: '特色效果好', id: 'brand', label: '党建特色品牌', max: 10 },
  { group: '特色效果好', id: 'model', label: '典型示范与群众认可', max: 10 },
]

const leading: Column[] = [
  { id: 'org', label: '组织名称', type: 'text', required: true, width: 24, pinned: true },
  { id: 'creditCode', label: '统一社会信用代码', type: 'creditCode', width: 20 },
  { id: 'orgName', label: '党组织名称', type: 'text', width: 24 },
  { id: 'team', label: '评定组', type: 'text', width: 10, carry: false },
  { id: 'inspector', label: '评定人', type: 'text', width: 8, carry: false },
  { id: 'date', label: '评定日期', type: 'date', width: 12, carry: false },
]

const trailing: Column[] = [
  { id: 'total', label: '总分', type: 'computed', width: 7 },
  { id: 'grade', label: '星级', type: 'computed', width: 7 },
  { id: 'problems', label: '存在问题', type: 'longText', width: 30, carry: false },
  { id: 'rectification', label: '整改要求', type: 'longText', width: 30, carry: false },
  { id: 'deadline', label: '整改期限', type: 'date', width: 12, carry: false },
  { id: 'evidence', label: '佐证材料', type: 'attachment', width: 12, carry: false },
]

const grades = [
  { grade: '五星级', min: 90 },
  { grade: '四星级', min: 80 },
  { grade: '三星级', min: 70 },
  { grade: '二星级', min: 60 },
  { grade: '一星级', min: 0 },
]
const shape = { criteria: fiveStarCriteria, grades, rectificationFreeGrade: '三星级' }
const FOUR_STARS_UP = ['五星级', '四星级']
/** Points a 五星级 needs in each aspect (of 20). */
const ASPECT_MIN = 16

/** Every aspect's points (an unscored item adds nothing) at ASPECT_MIN or more. */
const everyAspectStrong: Condition = {
  all: FIVE_STAR_ASPECTS.map((aspect): Condition => ({
    op: '>=',
    left: {
      add: fiveStarCriteria
        .filter((c) => c.group === aspect)
        .map((c) => ({ col: c.id, ifEmpty: 0 })),
    },
    right: ASPECT_MIN,
  })),
}

const fiveStarRules: RuleDefinition[] = [
  ...scoringPresetRules(shape, '评定日期'),
  {
    id: 'five-star-every-aspect',
    severity: 'error',
    column: 'grade',
    message: `评定为五星级的，${FIVE_STAR_ASPECTS.join('、')}五个方面应各得${ASPECT_MIN}分以上（每方面满分20分）`,
    when: { op: '==', left: { col: 'grade' }, right: '五星级' },
    require: everyAspectStrong,
  },
]

export const fiveStarTemplate: ScoringTemplate = defineTemplate(
  { kind: 'scoring', id: 'fiveStar', name: '五星级党组织评定表', version: 1 },
  {
    leading,
    ...shape,
    trailing,
    checks: [
      { check: 'creditCode', column: 'creditCode' },
      // One rating per organisation per sheet.
      { check: 'unique', column: 'creditCode' },
    ],
    rules: fiveStarRules,
    indicators: [
      ...scoringPresetIndicators.map((ind) =>
        ind.id === 'grades' ? { ...ind, label: '星级分布' } : ind,
      ),
      {
        id: 'fourStarUpCount',
        label: '四星级以上党组织数',
        kind: 'count',
        where: { op: 'in', left: { col: 'grade' }, right: FOUR_STARS_UP },
      },
      {
        id: 'fourStarUpRate',
        label: '四星级以上占比',
        kind: 'rate',
        den: { op: 'filled', left: { col: 'total' } },
        num: { op: 'in', left: { col: 'grade' }, right: FOUR_STARS_UP },
      },
      {
        id: 'rectifyCount',
        label: '需整改数',
        kind: 'count',
        where: { op: 'in', left: { col: 'grade' }, right: gradesNeedingRectification(shape) },
      },
    ],
  },
)
