/**
 * @module rectification/figures
 * What the ledger 汇总 says of 整改 (SPEC §9): `rectificationRate` 整改完成率 — closed items over
 * all items, a rate as SPEC §6.1 — and `rectificationOverdue` 逾期数, the items past their
 * deadline and not closed. Over the items whose responsible unit lies in a child's subtree.
 */
import { makeRate, type Rate } from '../consolidate/rate'
import { isRectificationOverdue } from './overdue'
import type { RectificationStatus } from './states'

export interface RectificationFigures {
  rectificationRate: Rate
  rectificationOverdue: number
}

export function rectificationFigures(
  items: readonly { status: RectificationStatus; deadline: string | null }[],
  now: Date = new Date(),
): RectificationFigures {
  let closed = 0
  let overdue = 0
  for (const i of items) {
    if (i.status === 'closed') closed++
    if (isRectificationOverdue(i, now)) overdue++
  }
  return { rectificationRate: makeRate(closed, items.length), rectificationOverdue: overdue }
}
