/**
 * @module templates/scoring
 * 督查评分表 — the supervisory scoring sheet (SPEC §2.2): one row per inspected
 * organisation. Criteria and their max points are template data, so a district can
 * edit them; the default set below totals 100 points. Rules and indicators: the presets
 * of `scoringPresets` for these criteria and grades.
 */
import { defineTemplate } from '../definition/validateDefinition'
import { scoringPresetIndicators, scoringPresetRules } from './scoringPresets'
import type { Column, ScoringTemplate } from './types'

export const defaultCriteria = [
  { group: '组织建设', id: 'orgSetup', label: '党组织设置与换届', max: 5 },
  { group: '组织建设', id: 'secretary', label: '书记选配与培训', max: 5 },
  { group: '组织建设', id: 'recruitment', label: '发展党员', max: 5 },
  { group: '组织建设', id: 'meetings', label: '三会一课与组织生活', max: 10 },
  { group: '阵地建设"六有"', id: 'site', label: '场所', max: 3 },
  { group: '阵地建设"六有"', id: 'facilities', label: '设施', max: 3 },
  { group: '阵地建设"六有"', id: 'sign', label: '标志', max: 3 },
  { group: '阵地建设"六有"', id: 'flag', label: '党旗', max: 3 },
  { group: '阵地建设"六有"', id: 'books', label: '书报', max: 3 },
  { group: '阵地建设"六有"', id: 'rulesPosted', label: '制度', max: 3 },
  { group: '制度与档案', id: 'wallRules', label: '工作制度上墙', max: 5 },
  { group: '制度与档案', id: 'archives', label: '"5簿6册1卡"档案齐全', max: 10 },
  { group: '经费保障', id: 'funds', label: '活动经费不少于工资总额0.5%', max: 10 },
  { group: '活动开展', id: 'exemplary', label: '党员示范岗/责任区', max: 5 },
  { group: '活动开展', id: 'themed', label: '主题实践活动', max: 5 },
  { group: '活动开展', id: 'massOrgs', label: '党建带群建', max: 5 },
  { group: '作用发挥', id: 'development', label: '促进企业发展', max: 6 },
  { group: '作用发挥', id: 'cohesion', label: '凝聚职工维护权益', max: 6 },
  { group: '作用发挥', id: 'brand', label: '特色品牌', max: 5 },
]

const leading: Column[] = [
  { id: 'org', label: '组织名称', type: 'text', required: true, width: 24 },
  { id: 'creditCode', label: '统一社会信用代码', type: 'creditCode', width: 20 },
  { id: 'team', label: '督查组', type: 'text', width: 10 },
  { id: 'inspector', label: '督查员', type: 'text', width: 8 },
  { id: 'date', label: '督查日期', type: 'date', width: 12 },
]

const trailing: Column[] = [
  { id: 'total', label: '总分', type: 'computed', width: 7 },
  { id: 'grade', label: '等次', type: 'computed', width: 7 },
  { id: 'problems', label: '存在问题', type: 'longText', width: 30 },
  { id: 'rectification', label: '整改要求', type: 'longText', width: 30 },
  { id: 'deadline', label: '整改期限', type: 'date', width: 12 },
]

const grades = [
  { grade: '优秀', min: 90 },
  { grade: '良好', min: 80 },
  { grade: '合格', min: 60 },
  { grade: '不合格', min: 0 }, // zod 4 rejects -Infinity; totals are never negative
]
const shape = { criteria: defaultCriteria, grades, rectificationFreeGrade: '良好' }

/** The built-in 督查评分表, its rules and indicators written in the template language. */
export const scoringTemplate: ScoringTemplate = defineTemplate(
  { kind: 'scoring', id: 'scoring', name: '督查评分表', version: 1 },
  {
    leading,
    ...shape,
    trailing,
    checks: [{ check: 'creditCode', column: 'creditCode' }],
    rules: scoringPresetRules(shape),
    indicators: scoringPresetIndicators,
  },
)
