/**
 * @module rectification/overdue
 * 逾期 (SPEC §9): an item is overdue once its 整改期限 has passed — at the end of that day in
 * Asia/Shanghai, as a round's due date (`rounds/dueDate.ts`) — and it is not closed. An item
 * without a readable deadline is never overdue.
 */
import { isDueDate, isPastDue } from '../rounds/dueDate'
import type { RectificationStatus } from './states'

export function isRectificationOverdue(
  item: { deadline: string | null; status: RectificationStatus },
  now: Date = new Date(),
): boolean {
  if (item.status === 'closed' || !item.deadline || !isDueDate(item.deadline)) return false
  return isPastDue(item.deadline, now)
}
