/**
 * @module report/statsTable
 * The 基本情况 statistics table of a report from the unit's ledger consolidation
 * (SPEC §2.3): one row per child unit and 合计, with organisations, Party members,
 * built organisations and the coverage rates as the 汇总 shows them ("28.8%", "—").
 * Pure: consolidation in, table cells out (schema `writeStatsTable` writes them).
 */
import { formatRate, type LedgerIndicators } from '@taizhang/schema'

type Unit = LedgerIndicators & { unit: string }

const COLUMNS: [string, (v: LedgerIndicators) => string][] = [
  ['组织总数', (v) => String(v.orgCount)],
  ['新经济组织', (v) => String(v.enterpriseCount)],
  ['新社会组织', (v) => String(v.socialOrgCount)],
  ['从业人员', (v) => String(v.employees)],
  ['正式党员', (v) => String(v.members)],
  ['已建党组织', (v) => String(v.builtCount)],
  ['党的组织覆盖率', (v) => formatRate(v.orgCoverage)],
  ['党的工作覆盖率', (v) => formatRate(v.workCoverage)],
  ['党建指导员', (v) => String(v.instructorCount)],
]

/** Header row, one row per child unit, then 合计. */
export function statsTableRows(units: readonly Unit[], total: LedgerIndicators): string[][] {
  return [
    ['单位', ...COLUMNS.map(([label]) => label)],
    ...units.map((u) => [u.unit, ...COLUMNS.map(([, get]) => get(u))]),
    ['合计', ...COLUMNS.map(([, get]) => get(total))],
  ]
}

/** The line under the table saying where the figures came from and when. */
export function statsSourceLine(unitName: string, generatedAt: string, accepted: boolean): string {
  const at = new Date(generatedAt)
  const pad = (n: number) => String(n).padStart(2, '0')
  const when = Number.isNaN(at.getTime())
    ? generatedAt
    : `${at.getFullYear()}年${at.getMonth() + 1}月${at.getDate()}日 ${pad(at.getHours())}:${pad(at.getMinutes())}`
  return `数据来源：${unitName}${accepted ? '已审核台账' : '最新报送台账'}汇总，截至${when}。`
}
