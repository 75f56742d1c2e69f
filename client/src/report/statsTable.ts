/**
 * @module report/statsTable
 * The 基本情况 statistics table of a report from the unit's ledger consolidation
 * (SPEC §2.3): one row per child unit and 合计, with organisations, Party members,
 * built organisations and the coverage rates as the 汇总 shows them ("28.8%", "—").
 * Pure: consolidation in, table cells out (schema `indicatorTable` builds them,
 * `writeStatsTable` writes them).
 */
import {
  HEADLINE_INDICATORS,
  indicatorTable,
  type LedgerIndicators,
  type TableIndicatorId,
} from '@taizhang/schema'

type Unit = LedgerIndicators & { unit: string }

// The 基本情况 table shows the headline figures but 预备党员, 单独组建率 and 六有达标率.
const LEFT_OUT = new Set<TableIndicatorId>(['probationary', 'singleRate', 'sixHaveRate'])
const COLUMNS = HEADLINE_INDICATORS.filter((id) => !LEFT_OUT.has(id))

/** Header row, one row per child unit, then 合计. */
export function statsTableRows(units: readonly Unit[], total: LedgerIndicators): string[][] {
  return indicatorTable({ units, total }, COLUMNS)
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
