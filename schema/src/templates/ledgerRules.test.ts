/**
 * The cross-field rules of the 网格台账 (SPEC §2.1 / §6.1), as the built-in template's
 * definition compiles them: every rule fires on a row that breaks it (with its id,
 * severity, column and Chinese message), stays silent on one that doesn't, and stays
 * silent while a compared cell is empty or unreadable.
 */
import { describe, expect, it } from 'vitest'
import { compileTemplate } from '../definition/compileTemplate'
import type { RowRule } from '../rules/rule'
import { goodLedgerRow } from '../test/rows'
import { ledgerTemplate } from './ledger'
import type { Row } from './types'

const ledgerRules: readonly RowRule[] = compileTemplate(ledgerTemplate).rules

const ctx = { template: ledgerTemplate, today: '2026-03-05' }
const byId = (id: string): RowRule => {
  const rule = ledgerRules.find((r) => r.id === id)
  if (!rule) throw new Error(`no rule ${id}`)
  return rule
}
const fire = (id: string, overrides: Partial<Row>) => byId(id).check(goodLedgerRow(overrides), ctx)

interface Case {
  id: string
  severity: 'error' | 'warning'
  column: string
  breaks: Partial<Row>
  message: string
  holds: Partial<Row>[]
  silentWhenEmpty: Partial<Row>[]
}

const cases: Case[] = [
  {
    id: 'members-exceed-employees',
    severity: 'error',
    column: 'members',
    breaks: { employees: 5, members: 4, probationary: 2 },
    message: '正式党员数与预备党员数之和（6）超过从业人员数（5）',
    holds: [
      { employees: 6, members: 4, probationary: 2 },
      { employees: 3, members: 3, probationary: null },
    ],
    silentWhenEmpty: [
      { employees: null, members: 4, probationary: 2 },
      { employees: 5, members: null, probationary: null },
      { employees: '五', members: 4, probationary: 2 },
      { employees: 5, members: '四', probationary: 2 },
    ],
  },
  {
    id: 'single-needs-3-members',
    severity: 'error',
    column: 'orgForm',
    breaks: { orgForm: '单独组建', members: 2 },
    message: '单独组建党组织须有3名以上正式党员，现有2名',
    holds: [
      { orgForm: '单独组建', members: 3 },
      { orgForm: '联合组建', members: 2 },
    ],
    silentWhenEmpty: [
      { orgForm: '单独组建', members: null },
      { orgForm: null, members: 1 },
    ],
  },
  {
    id: 'should-build-single',
    severity: 'warning',
    column: 'orgForm',
    breaks: { orgForm: '联合组建', members: 3 },
    message: '有3名以上正式党员，原则上应单独组建',
    holds: [
      { orgForm: '单独组建', members: 3 },
      { orgForm: '挂靠组建', members: 2 },
      { orgForm: '未建立', members: 0 },
    ],
    silentWhenEmpty: [
      { orgForm: '联合组建', members: null },
      { orgForm: null, members: 5 },
    ],
  },
  {
    id: 'over50-no-member',
    severity: 'warning',
    column: 'members',
    breaks: { category: '非公企业', employees: 50, members: 0, probationary: 0 },
    message: '50人以上企业应有党员',
    holds: [
      { category: '非公企业', employees: 50, members: 0, probationary: 1 },
      { category: '个体工商户', employees: 49, members: 0, probationary: 0 },
      { category: '社会组织', employees: 60, members: 0, probationary: 0, orgForm: '联合组建' },
    ],
    silentWhenEmpty: [
      { category: '非公企业', employees: null, members: 0, probationary: 0 },
      { category: '非公企业', employees: 80, members: null, probationary: null },
      { category: null, employees: 80, members: 0, probationary: 0 },
    ],
  },
  {
    id: 'over100-no-org',
    severity: 'warning',
    column: 'orgForm',
    breaks: { category: '专业市场', employees: 100, members: 1, orgForm: '区域党支部覆盖' },
    message: '100人以上企业应建立党组织',
    holds: [
      { category: '非公企业', employees: 100, members: 1, orgForm: '挂靠组建' },
      { category: '非公企业', employees: 99, members: 1, orgForm: '未建立' },
    ],
    silentWhenEmpty: [
      { category: '非公企业', employees: null, orgForm: '未建立' },
      { category: '非公企业', employees: 150, orgForm: null },
    ],
  },
  {
    id: 'social-over20-no-member',
    severity: 'warning',
    column: 'members',
    breaks: { category: '社会组织', employees: 20, members: 0, probationary: 0 },
    message: '20人以上社会组织应有党员',
    holds: [
      { category: '社会组织', employees: 19, members: 0, probationary: 0 },
      { category: '社会组织', employees: 25, members: 1, probationary: 0 },
      { category: '非公企业', employees: 25, members: 0, probationary: 0 },
    ],
    silentWhenEmpty: [
      { category: '社会组织', employees: null, members: 0 },
      { category: '社会组织', employees: 30, members: null, probationary: null },
    ],
  },
  {
    id: 'social-over50-no-org',
    severity: 'warning',
    column: 'orgForm',
    breaks: { category: '社会组织', employees: 50, members: 1, orgForm: '未建立' },
    message: '50人以上社会组织应建立党组织',
    holds: [
      { category: '社会组织', employees: 49, orgForm: '未建立' },
      { category: '社会组织', employees: 80, orgForm: '联合组建' },
    ],
    silentWhenEmpty: [
      { category: '社会组织', employees: null, orgForm: '未建立' },
      { category: '社会组织', employees: 80, orgForm: null },
    ],
  },
  {
    id: 'need-instructor',
    severity: 'warning',
    column: 'instructor',
    breaks: { orgForm: '未建立', members: 0, instructor: null },
    message: '未建党组织的应选派党建指导员',
    holds: [
      { orgForm: '未建立', members: 0, instructor: '张伟' },
      { orgForm: '联合组建', instructor: null },
    ],
    silentWhenEmpty: [{ orgForm: null, instructor: null }],
  },
  {
    id: 'funds-below-0.5pct',
    severity: 'warning',
    column: 'partyFunds',
    breaks: { partyFunds: 4999, payroll: 1_000_000 },
    message: '党组织活动经费不少于工资总额0.5%',
    holds: [
      { partyFunds: 5000, payroll: 1_000_000 },
      { partyFunds: 0, payroll: 0 },
    ],
    silentWhenEmpty: [
      { partyFunds: null, payroll: 1_000_000 },
      { partyFunds: 100, payroll: null },
      { partyFunds: 100, payroll: '一百万' },
    ],
  },
  {
    id: 'training-below-7-days',
    severity: 'warning',
    column: 'secretaryTrainingDays',
    breaks: { secretaryTrainingDays: 6 },
    message: '书记每年参加培训不少于7天',
    holds: [{ secretaryTrainingDays: 7 }, { secretaryTrainingDays: 30 }],
    silentWhenEmpty: [{ secretaryTrainingDays: null }, { secretaryTrainingDays: '一周' }],
  },
]

describe('ledger cross-field rules', () => {
  it('covers every cross-field rule id of SPEC §6.1 exactly once', () => {
    expect(ledgerRules.map((r) => r.id).sort()).toEqual(cases.map((c) => c.id).sort())
  })

  it('the base row breaks no rule', () => {
    for (const rule of ledgerRules) expect(rule.check(goodLedgerRow(), ctx)).toBeNull()
  })

  describe.each(cases)('$id', (c) => {
    it(`fires as ${c.severity} on ${c.column} with its message`, () => {
      const rule = byId(c.id)
      expect(rule.severity).toBe(c.severity)
      expect(rule.column).toBe(c.column)
      expect(fire(c.id, c.breaks)).toBe(c.message)
    })
    it('stays silent on rows that keep it', () => {
      for (const holds of c.holds) expect(fire(c.id, holds)).toBeNull()
    })
    it('stays silent while a compared cell is empty or unreadable', () => {
      for (const empty of c.silentWhenEmpty) expect(fire(c.id, empty)).toBeNull()
    })
  })
})
