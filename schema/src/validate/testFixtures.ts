/**
 * @module validate/testFixtures
 * Rows for the rule and validator tests: a ledger row and a scoring row that break no
 * rule, and valid credit codes made with the GB 32100-2015 algorithm. Used by tests
 * only; not exported from the package.
 */
import { CREDIT_CODE_ALPHABET, withCheckChar } from '../rules/creditCode'
import { defaultCriteria } from '../templates/scoring'
import type { Row } from '../templates/types'

/** A valid code from a seed number (deterministic, distinct for distinct seeds < 31^7). */
export function validCode(seed: number): string {
  let body = ''
  let n = Math.abs(Math.trunc(seed))
  for (let i = 0; i < 7; i++) {
    body = CREDIT_CODE_ALPHABET[n % 31]! + body
    n = Math.floor(n / 31)
  }
  return withCheckChar('91150102MA' + body)
}

/** A ledger row (SPEC §2.1) that breaks no rule. */
export function goodLedgerRow(overrides: Partial<Row> = {}): Row {
  return {
    id: 'r1',
    name: '呼和浩特市某某科技有限公司',
    creditCode: validCode(1),
    category: '非公企业',
    industry: '软件和信息技术服务业',
    aboveScale: true,
    grid: '第一网格',
    address: '新城区海拉尔东路1号',
    leader: '王建国',
    phone: '13812345678',
    employees: 120,
    members: 5,
    probationary: 1,
    activists: 2,
    orgForm: '单独组建',
    orgName: '中共呼和浩特市某某科技有限公司支部委员会',
    secretary: '李红',
    secretaryTrainingDays: 8,
    oneShoulder: false,
    instructor: '张伟',
    union: true,
    youthLeague: true,
    womenFed: false,
    hasSite: true,
    hasFacilities: true,
    hasSign: true,
    hasFlag: true,
    hasBooks: true,
    hasRules: true,
    stars: 4,
    partyFunds: 60000,
    payroll: 10_000_000,
    note: null,
    ...overrides,
  } as Row
}

/** Full marks on every default criterion (the template's own maxima). */
const FULL_MARKS: Record<string, number> = Object.fromEntries(
  defaultCriteria.map((c) => [c.id, c.max]),
)

/** A scoring row (SPEC §2.2) with full marks that breaks no rule. */
export function goodScoringRow(overrides: Partial<Row> = {}): Row {
  return {
    id: 's1',
    org: '呼和浩特市某某科技有限公司',
    creditCode: validCode(1),
    team: '第一督查组',
    inspector: '赵敏',
    date: '2026-03-05',
    ...FULL_MARKS,
    total: 100,
    grade: '优秀',
    problems: null,
    rectification: null,
    deadline: null,
    ...overrides,
  } as Row
}
