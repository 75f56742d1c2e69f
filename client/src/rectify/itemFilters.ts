/**
 * @module rectify/itemFilters
 * The filters of the 整改台账 page (SPEC §9: status, 逾期, team) as pure functions over the
 * unit's items, so they work on the offline copy too. 逾期 is judged again here from the
 * deadline (schema `isRectificationOverdue`): a copy kept since yesterday still shows today's.
 */
import {
  isRectificationOverdue,
  type RectificationItem,
  type RectificationStatus,
} from '@taizhang/schema'

export interface ItemFilter {
  status: RectificationStatus | ''
  overdueOnly: boolean
  /** The inspection team: the unit of the scoring sheet an item came from. */
  team: string
}

export const NO_FILTER: ItemFilter = { status: '', overdueOnly: false, team: '' }

export const isOverdue = (item: RectificationItem, now: Date = new Date()): boolean =>
  isRectificationOverdue(item, now)

/** Items passing the filter, overdue first, then by deadline (none last), then organisation. */
export function filterItems(
  items: readonly RectificationItem[],
  filter: ItemFilter,
  now: Date = new Date(),
): RectificationItem[] {
  const shown = items.filter(
    (item) =>
      (!filter.status || item.status === filter.status) &&
      (!filter.overdueOnly || isOverdue(item, now)) &&
      (!filter.team || item.sheetUnitId === filter.team),
  )
  const rank = (item: RectificationItem) => (isOverdue(item, now) ? 0 : 1)
  return shown.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') ||
      a.org.localeCompare(b.org, 'zh-CN'),
  )
}

/** The teams (scoring sheets' units) the items came from, each once, in first-seen order. */
export function teamsOf(items: readonly RectificationItem[]): string[] {
  return [...new Set(items.map((i) => i.sheetUnitId))]
}
