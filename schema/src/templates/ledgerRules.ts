/**
 * @module templates/ledgerRules
 * The cross-field rules of the 网格台账 (SPEC §2.1), written in the template language (SPEC
 * §7) — data, not code — with their ids, severities and the column each is reported on
 * (SPEC §6.1). Messages quoted in the SPEC are used verbatim.
 * "Has a member" is 正式党员数 + 预备党员数 where one empty count reads as 0 while the other
 * is filled: the `when` asks that one of them is filled (both empty: silent), `ifEmpty: 0`
 * fills the other, and unreadable text in either keeps the sum unknown (silent).
 * The credit-code, phone and duplicate checks are the template's named `checks`.
 */
import type { Condition } from '../definition/condition'
import type { Expression } from '../definition/expression'
import type { RuleDefinition } from '../definition/rule'
import { NEW_ECONOMIC_CATEGORIES } from './ledgerOptions'
/** 组建方式 values that mean "no Party organisation of its own". */
const NOT_BUILT = ['区域党支部覆盖', '未建立']

const economic: Condition = { op: 'in', left: { col: 'category' }, right: NEW_ECONOMIC_CATEGORIES }
const social: Condition = { op: '==', left: { col: 'category' }, right: '社会组织' }
const employeesAtLeast = (n: number): Condition => ({
  op: '>=',
  left: { col: 'employees' },
  right: n,
})
/** 正式党员数 or 预备党员数 filled. */
const memberCountFilled: Condition = {
  any: [
    { op: 'filled', left: { col: 'members' } },
    { op: 'filled', left: { col: 'probationary' } },
  ],
}
/** 正式党员数 + 预备党员数, one empty count read as 0. */
const memberSum: Expression = {
  add: [
    { col: 'members', ifEmpty: 0 },
    { col: 'probationary', ifEmpty: 0 },
  ],
}
const hasMember: Condition = { op: '!=', left: memberSum, right: 0 }
const notBuilt: Condition = { op: 'in', left: { col: 'orgForm' }, right: NOT_BUILT }

/** The rules every ledger row is checked against, in report order. */
export const ledgerRules: RuleDefinition[] = [
  {
    id: 'members-exceed-employees',
    severity: 'error',
    column: 'members',
    message: '正式党员数与预备党员数之和（{sum}）超过从业人员数（{employees}）',
    when: memberCountFilled,
    require: { op: '<=', left: memberSum, right: { col: 'employees' } },
    show: { sum: memberSum },
  },
  {
    id: 'single-needs-3-members',
    severity: 'error',
    column: 'orgForm',
    message: '单独组建党组织须有3名以上正式党员，现有{members}名',
    when: { op: '==', left: { col: 'orgForm' }, right: '单独组建' },
    require: { op: '>=', left: { col: 'members' }, right: 3 },
  },
  {
    id: 'should-build-single',
    severity: 'warning',
    column: 'orgForm',
    message: '有3名以上正式党员，原则上应单独组建',
    when: {
      all: [
        { op: '>=', left: { col: 'members' }, right: 3 },
        {
          op: 'in',
          left: { col: 'orgForm' },
          right: ['联合组建', '挂靠组建', '区域党支部覆盖', '未建立'],
        },
      ],
    },
  },
  {
    id: 'over50-no-member',
    severity: 'warning',
    column: 'members',
    message: '50人以上企业应有党员',
    when: { all: [economic, employeesAtLeast(50), memberCountFilled] },
    require: hasMember,
  },
  {
    id: 'over100-no-org',
    severity: 'warning',
    column: 'orgForm',
    message: '100人以上企业应建立党组织',
    when: { all: [economic, employeesAtLeast(100), notBuilt] },
  },
  {
    id: 'social-over20-no-member',
    severity: 'warning',
    column: 'members',
    message: '20人以上社会组织应有党员',
    when: { all: [social, employeesAtLeast(20), memberCountFilled] },
    require: hasMember,
  },
  {
    id: 'social-over50-no-org',
    severity: 'warning',
    column: 'orgForm',
    message: '50人以上社会组织应建立党组织',
    when: { all: [social, employeesAtLeast(50), notBuilt] },
  },
  {
    id: 'need-instructor',
    severity: 'warning',
    column: 'instructor',
    message: '未建党组织的应选派党建指导员',
    when: { op: '==', left: { col: 'orgForm' }, right: '未建立' },
    require: { op: 'filled', left: { col: 'instructor' } },
  },
  {
    id: 'funds-below-0.5pct',
    severity: 'warning',
    column: 'partyFunds',
    message: '党组织活动经费不少于工资总额0.5%',
    require: {
      op: '>=',
      left: { col: 'partyFunds' },
      right: { mul: [0.005, { col: 'payroll' }] },
    },
  },
  {
    id: 'training-below-7-days',
    severity: 'warning',
    column: 'secretaryTrainingDays',
    message: '书记每年参加培训不少于7天',
    require: { op: '>=', left: { col: 'secretaryTrainingDays' }, right: 7 },
  },
]
