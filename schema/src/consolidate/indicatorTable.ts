/**
 * @module consolidate/indicatorTable
 * A ledger consolidation as a plain table of text for reading (SPEC §2.3, §2.4): a header
 * row (单位, then the chosen indicators), one row per child unit, then 合计; counts as
 * digits, rates as `formatRate` shows them ("28.8%", "—" for a zero denominator). Headers
 * are the 汇总表 labels of `LEDGER_INDICATORS`, counts without their 数 (新经济组织), since
 * these tables are narrow; a caller may rename a column. `HEADLINE_INDICATORS` are the
 * figures such a table shows: all of them in the table `taizhang consolidate` prints, a
 * selection in the 调研报告's 基本情况 table in the browser.
 * Not for: the 汇总表 export (server `consolidationTable`), which keeps numbers as numbers
 * and groups its headers.
 */
import {
  LEDGER_INDICATORS,
  type LedgerCountId,
  type LedgerIndicators,
  type LedgerRateId,
  type LedgerUnitIndicators,
} from './ledgerIndicators'
import { formatRate, type Rate } from './rate'

/** The indicators a text table can show: counts and rates (星级分布 spans five columns). */
export type TableIndicatorId = LedgerCountId | LedgerRateId

/** The headline figures of a ledger consolidation, in SPEC §6.1 order. */
export const HEADLINE_INDICATORS: readonly TableIndicatorId[] = [
  'orgCount',
  'enterpriseCount',
  'socialOrgCount',
  'employees',
  'members',
  'probationary',
  'builtCount',
  'orgCoverage',
  'workCoverage',
  'singleRate',
  'sixHaveRate',
  'instructorCount',
]

const SHORT_LABELS: Partial<Record<TableIndicatorId, string>> = {
  enterpriseCount: '新经济组织',
  socialOrgCount: '新社会组织',
  employees: '从业人员',
  members: '正式党员',
  probationary: '预备党员',
  builtCount: '已建党组织',
  instructorCount: '党建指导员',
}

const LABELS = new Map(LEDGER_INDICATORS.map((d) => [d.id, d.label]))

/** One indicator of one unit as text. */
export function indicatorText(values: LedgerIndicators, id: TableIndicatorId): string {
  const value: number | Rate = values[id]
  return typeof value === 'number' ? String(value) : formatRate(value)
}

/** Header row, one row per child unit, then 合计; `rename` overrides headers. */
export function indicatorTable(
  { units, total }: { units: readonly LedgerUnitIndicators[]; total: LedgerIndicators },
  ids: readonly TableIndicatorId[],
  rename: Partial<Record<TableIndicatorId, string>> = {},
): [header: string[], ...rows: string[][]] {
  const header = ids.map((id) => rename[id] ?? SHORT_LABELS[id] ?? LABELS.get(id)!)
  const cells = (values: LedgerIndicators) => ids.map((id) => indicatorText(values, id))
  return [
    ['单位', ...header],
    ...units.map((u) => [u.unit, ...cells(u)]),
    ['合计', ...cells(total)],
  ]
}
