/**
 * @module workflow/states
 * The workflow states of a sheet (SPEC §3) and their Chinese labels. The state lives in the
 * server's sheet register and is mirrored into the doc's `meta.status`, so open clients lock
 * or unlock at once. The list is the one source for both databases' CHECK constraints.
 */

/** 草稿 draft, 已提交 submitted, 已退回 returned, 已审核 accepted (locked). */
export const SHEET_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const
export type SheetStatus = (typeof SHEET_STATUSES)[number]

export const STATUS_LABELS: Record<SheetStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  accepted: '已审核',
}
