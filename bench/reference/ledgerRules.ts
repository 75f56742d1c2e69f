/**
 * @module rules/ledgerRules
 * The cross-field rules of the 网格台账 (SPEC §2.1), with their ids, severities and the
 * column each is reported on (SPEC §6.1). Messages quoted in the SPEC are used
 * verbatim. A rule that compares cells stays silent while one of them is empty or
 * unreadable (the unreadable cell has its own `type` finding).
 * The credit-code duplicate check is cross-row and lives in `validate/SheetValidator`.
 * 新经济组织 / 新社会组织 are the sets in `./ledgerSets`.
 *
 * FROZEN REFERENCE (bench/consolidate): a copy of the hand-written code the template
 * language replaced (schema at commit 0d0c316), kept unchanged so the benchmark can time
 * the data-defined built-ins against it in the same run (after checking that both give
 * the same findings and figures). Not used by the product; do not edit.
 */
import { NEW_ECONOMIC, NEW_SOCIAL } from './ledgerSets'
import type { RowRule } from './rule'
import { memberSum, num, str } from './rule'

/** 组建方式 values that mean "no Party organisation of its own". */
const NOT_BUILT = new Set(['区域党支部覆盖', '未建立'])
/** 组建方式 values other than 单独组建 (should-build-single). */
const NOT_SINGLE = new Set(['联合组建', '挂靠组建', '区域党支部覆盖', '未建立'])

const isEconomic = (category: string | null): boolean =>
  category !== null && NEW_ECONOMIC.has(category)
const isSocial = (category: string | null): boolean => category !== null && NEW_SOCIAL.has(category)

/**
 * The cross-field rules every ledger row is checked against, in report order. The
 * per-column `credit-code-invalid` and `phone-invalid` rules come from the column types
 * (see `rules/rulesFor`), so a district's extra phone column is checked too.
 */
export const ledgerRules: readonly RowRule[] = [
  {
    id: 'members-exceed-employees',
    severity: 'error',
    column: 'members',
    check(row) {
      const sum = memberSum(row)
      const employees = num(row, 'employees')
      if (sum === null || employees === null || sum <= employees) return null
      return `正式党员数与预备党员数之和（${sum}）超过从业人员数（${employees}）`
    },
  },
  {
    id: 'single-needs-3-members',
    severity: 'error',
    column: 'orgForm',
    check(row) {
      const members = num(row, 'members')
      if (str(row, 'orgForm') !== '单独组建' || members === null || members >= 3) return null
      return `单独组建党组织须有3名以上正式党员，现有${members}名`
    },
  },
  {
    id: 'should-build-single',
    severity: 'warning',
    column: 'orgForm',
    check(row) {
      const members = num(row, 'members')
      const form = str(row, 'orgForm')
      if (members === null || members < 3 || form === null || !NOT_SINGLE.has(form)) return null
      return '有3名以上正式党员，原则上应单独组建'
    },
  },
  {
    id: 'over50-no-member',
    severity: 'warning',
    column: 'members',
    check(row) {
      const employees = num(row, 'employees')
      if (!isEconomic(str(row, 'category')) || employees === null || employees < 50) return null
      return memberSum(row) === 0 ? '50人以上企业应有党员' : null
    },
  },
  {
    id: 'over100-no-org',
    severity: 'warning',
    column: 'orgForm',
    check(row) {
      const employees = num(row, 'employees')
      const form = str(row, 'orgForm')
      if (!isEconomic(str(row, 'category')) || employees === null || employees < 100) return null
      return form !== null && NOT_BUILT.has(form) ? '100人以上企业应建立党组织' : null
    },
  },
  {
    id: 'social-over20-no-member',
    severity: 'warning',
    column: 'members',
    check(row) {
      const employees = num(row, 'employees')
      if (!isSocial(str(row, 'category')) || employees === null || employees < 20) return null
      return memberSum(row) === 0 ? '20人以上社会组织应有党员' : null
    },
  },
  {
    id: 'social-over50-no-org',
    severity: 'warning',
    column: 'orgForm',
    check(row) {
      const employees = num(row, 'employees')
      const form = str(row, 'orgForm')
      if (!isSocial(str(row, 'category')) || employees === null || employees < 50) return null
      return form !== null && NOT_BUILT.has(form) ? '50人以上社会组织应建立党组织' : null
    },
  },
  {
    id: 'need-instructor',
    severity: 'warning',
    column: 'instructor',
    check(row) {
      if (str(row, 'orgForm') !== '未建立' || str(row, 'instructor') !== null) return null
      return '未建党组织的应选派党建指导员'
    },
  },
  {
    id: 'funds-below-0.5pct',
    severity: 'warning',
    column: 'partyFunds',
    check(row) {
      const funds = num(row, 'partyFunds')
      const payroll = num(row, 'payroll')
      // funds × 200 < payroll is funds < 0.5 % × payroll without floating-point noise.
      if (funds === null || payroll === null || funds * 200 >= payroll) return null
      return '党组织活动经费不少于工资总额0.5%'
    },
  },
  {
    id: 'training-below-7-days',
    severity: 'warning',
    column: 'secretaryTrainingDays',
    check(row) {
      const days = num(row, 'secretaryTrainingDays')
      return days !== null && days < 7 ? '书记每年参加培训不少于7天' : null
    },
  },
]
