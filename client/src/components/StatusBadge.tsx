/**
 * @module components/StatusBadge
 * The workflow state of a sheet as a coloured badge: 草稿 / 已提交 / 已退回 / 已审核.
 */
import { STATUS_LABELS, type SheetStatus } from '@taizhang/schema'

export function StatusBadge({ status }: { status: SheetStatus | undefined }) {
  const s = status ?? 'draft'
  return (
    <span className={`badge badge-${s}`} data-status={s}>
      {STATUS_LABELS[s]}
    </span>
  )
}
