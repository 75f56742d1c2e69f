/**
 * @module test/rows
 * The one ledger row and the one scoring row that break no rule, and valid credit codes
 * made with the GB 32100-2015 algorithm. The rule and validator tests vary these rows one
 * cell at a time; the server's export tests use the same ledger row as their first
 * organisation (a 非公企业 with a 单独组建 branch).
 * Not for: demo seeding (`demo/`), production code (exported only through `./test`).
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

const GOOD_ORG = '盐城黄海精密机械有限公司'
const GOOD_CODE = withCheckChar('91320902MA1X8K3Q2')

/** A ledger row (SPEC §2.1) that breaks no rule. */
export function goodLedgerRow(overrides: Partial<Row> = {}): Row {
  return {
    id: 'r1',
    name: GOOD_ORG,
    creditCode: GOOD_CODE,
    category: '非公企业',
    industry: '制造业',
    aboveScale: true,
    grid: '幸福社区第一网格',
    address: '盐城市亭湖区开放大道88号',
    leader: '陈志强',
    phone: '13805150123',
    employees: 126,
    members: 7,
    probationary: 1,
    activists: 2,
    orgForm: '单独组建',
    orgName: `${GOOD_ORG}党支部`,
    secretary: '李海峰',
    secretaryTrainingDays: 8,
    oneShoulder: false,
    instructor: '周敏',
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
    partyFunds: 12000,
    payroll: 1850000.5,
    note: '2025年度先进基层党组织',
    ...overrides,
  } as Row
}

/** Full marks on every default criterion (the template's own maxima). */
export const FULL_MARKS: Record<string, number> = Object.fromEntries(
  defaultCriteria.map((c) => [c.id, c.max]),
)

/** A scoring row (SPEC §2.2) of the same organisation, with full marks, that breaks no rule. */
export function goodScoringRow(overrides: Partial<Row> = {}): Row {
  return {
    id: 's1',
    org: GOOD_ORG,
    creditCode: GOOD_CODE,
    team: '第一督查组',
    inspector: '孙浩',
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
