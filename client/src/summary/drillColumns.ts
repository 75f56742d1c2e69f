/**
 * @module summary/drillColumns
 * Which cells the drill-down list shows for a figure: always 组织名称, 统一社会信用代码 and
 * 所属网格, then the cells that decide whether the row counts (组建方式 for coverage rates,
 * the six 六有 cells for 六有达标率, 经费 and 工资总额 for 经费达标数, …), so a reviewer
 * sees at a glance why each row is there.
 * Not for: fetching rows (consolidationApi.ts).
 */
import { columnsOf, ledgerTemplate, scoringTemplate, type Column } from '@taizhang/schema'

const LEDGER_BY_ID = new Map(columnsOf(ledgerTemplate).map((c) => [c.id, c]))
const SCORING_BY_ID = new Map(columnsOf(scoringTemplate).map((c) => [c.id, c]))

const SIX_HAVE = ['hasSite', 'hasFacilities', 'hasSign', 'hasFlag', 'hasBooks', 'hasRules']

/** Deciding cells per ledger indicator (beyond name, code and grid). */
const LEDGER_CELLS: Record<string, string[]> = {
  orgCount: ['category', 'employees'],
  enterpriseCount: ['category'],
  socialOrgCount: ['category'],
  employees: ['employees'],
  members: ['members'],
  probationary: ['probationary'],
  builtCount: ['orgForm', 'orgName'],
  singleCount: ['orgForm', 'members'],
  jointCount: ['orgForm'],
  attachedCount: ['orgForm'],
  regionalCount: ['orgForm'],
  orgCoverage: ['orgForm'],
  workCoverage: ['orgForm', 'instructor'],
  singleRate: ['members', 'orgForm'],
  over50WithMemberRate: ['category', 'employees', 'members', 'probationary'],
  over100BuiltRate: ['category', 'employees', 'orgForm'],
  social20WithMemberRate: ['category', 'employees', 'members', 'probationary'],
  social50BuiltRate: ['category', 'employees', 'orgForm'],
  sixHaveRate: ['orgForm', ...SIX_HAVE],
  unionCount: ['union'],
  youthLeagueCount: ['youthLeague'],
  womenFedCount: ['womenFed'],
  instructorCount: ['instructor'],
  stars: ['stars'],
  fundsOkCount: ['orgForm', 'partyFunds', 'payroll'],
}

/** The columns shown for a ledger figure's rows. */
export function ledgerDrillColumns(indicator: string): Column[] {
  const ids = ['creditCode', 'grid', ...(LEDGER_CELLS[indicator] ?? [])]
  return ids.map((id) => LEDGER_BY_ID.get(id)).filter((c): c is Column => !!c)
}

/** The columns shown for a scoring figure's rows. */
export function scoringDrillColumns(indicator: string): Column[] {
  const ids = ['creditCode', 'team', 'total', 'grade']
  if (indicator === 'problemCount') ids.push('problems')
  return ids.map((id) => SCORING_BY_ID.get(id)).filter((c): c is Column => !!c)
}
