/**
 * @module templates/ledgerIndicators
 * The 汇总表 indicators of the 网格台账 (SPEC §2.4) in the template language (SPEC §7), with
 * the ids of SPEC §6.1 in that order and their Chinese labels (汇总表 headers, exports).
 * In an indicator a cell that could not be read counts as empty, an empty count adds 0, an
 * empty yes/no is no, and a condition left unknown by an empty cell counts as false.
 * A rate's numerator is only tested on rows already in its denominator.
 */
import type { Condition } from '../definition/condition'
import type { IndicatorDefinition } from '../definition/indicator'
import {
  BUILT_FORM_LIST,
  NEW_ECONOMIC_CATEGORIES,
  NEW_SOCIAL_CATEGORIES,
  SIX_HAVE_COLUMNS,
} from './ledgerOptions'

const built: Condition = { op: 'in', left: { col: 'orgForm' }, right: BUILT_FORM_LIST }
const form = (value: string): Condition => ({ op: '==', left: { col: 'orgForm' }, right: value })
const economic: Condition = { op: 'in', left: { col: 'category' }, right: NEW_ECONOMIC_CATEGORIES }
const social: Condition = { op: 'in', left: { col: 'category' }, right: NEW_SOCIAL_CATEGORIES }
const employeesAtLeast = (n: number): Condition => ({
  op: '>=',
  left: { col: 'employees' },
  right: n,
})
/** 正式党员数 + 预备党员数 ≥ 1 (an empty count adds 0). */
const hasMember: Condition = {
  op: '>=',
  left: { add: [{ col: 'members' }, { col: 'probationary' }] },
  right: 1,
}
const yes = (col: string): Condition => ({ op: '==', left: { col }, right: true })
const instructor: Condition = { op: 'filled', left: { col: 'instructor' } }

export const ledgerIndicators: IndicatorDefinition[] = [
  { id: 'orgCount', label: '组织总数', kind: 'count' },
  { id: 'enterpriseCount', label: '新经济组织数', kind: 'count', where: economic },
  { id: 'socialOrgCount', label: '新社会组织数', kind: 'count', where: social },
  { id: 'employees', label: '从业人员数', kind: 'sum', col: 'employees' },
  { id: 'members', label: '正式党员数', kind: 'sum', col: 'members' },
  { id: 'probationary', label: '预备党员数', kind: 'sum', col: 'probationary' },
  { id: 'builtCount', label: '已建党组织数', kind: 'count', where: built },
  { id: 'singleCount', label: '单独组建数', kind: 'count', where: form('单独组建') },
  { id: 'jointCount', label: '联合组建数', kind: 'count', where: form('联合组建') },
  { id: 'attachedCount', label: '挂靠组建数', kind: 'count', where: form('挂靠组建') },
  { id: 'regionalCount', label: '区域党支部覆盖数', kind: 'count', where: form('区域党支部覆盖') },
  { id: 'orgCoverage', label: '党的组织覆盖率', kind: 'rate', num: built },
  {
    id: 'workCoverage',
    label: '党的工作覆盖率',
    kind: 'rate',
    num: { any: [built, form('区域党支部覆盖'), instructor] },
  },
  {
    id: 'singleRate',
    label: '单独组建率',
    kind: 'rate',
    den: { op: '>=', left: { col: 'members' }, right: 3 },
    num: form('单独组建'),
  },
  {
    id: 'over50WithMemberRate',
    label: '50人以上有党员率',
    kind: 'rate',
    den: { all: [economic, employeesAtLeast(50)] },
    num: hasMember,
  },
  {
    id: 'over100BuiltRate',
    label: '100人以上建党组织率',
    kind: 'rate',
    den: { all: [economic, employeesAtLeast(100)] },
    num: built,
  },
  {
    id: 'social20WithMemberRate',
    label: '社会组织20人以上有党员率',
    kind: 'rate',
    den: { all: [social, employeesAtLeast(20)] },
    num: hasMember,
  },
  {
    id: 'social50BuiltRate',
    label: '社会组织50人以上建党组织率',
    kind: 'rate',
    den: { all: [social, employeesAtLeast(50)] },
    num: built,
  },
  {
    id: 'sixHaveRate',
    label: '六有达标率',
    kind: 'rate',
    den: built,
    num: { all: SIX_HAVE_COLUMNS.map(yes) },
  },
  { id: 'unionCount', label: '工会数', kind: 'count', where: yes('union') },
  { id: 'youthLeagueCount', label: '共青团数', kind: 'count', where: yes('youthLeague') },
  { id: 'womenFedCount', label: '妇联数', kind: 'count', where: yes('womenFed') },
  { id: 'instructorCount', label: '党建指导员数', kind: 'count', where: instructor },
  { id: 'stars', label: '星级分布', kind: 'distribution', col: 'stars', values: [1, 2, 3, 4, 5] },
  {
    id: 'fundsOkCount',
    label: '经费达标数',
    kind: 'count',
    // 已建党组织 with both money cells filled and 经费 ≥ 0.5% × 工资总额.
    where: {
      all: [
        built,
        { op: 'filled', left: { col: 'partyFunds' } },
        { op: 'filled', left: { col: 'payroll' } },
        { op: '>=', left: { col: 'partyFunds' }, right: { mul: [0.005, { col: 'payroll' }] } },
      ],
    },
  },
]
