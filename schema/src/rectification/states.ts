/**
 * @module rectification/states
 * The life cycle of a rectification item (整改, SPEC §9): 待整改 `open` → 整改中 `inProgress` →
 * 待验收 `submitted` → 已销号 `closed`; 驳回 `reject` sends a submitted item back to 整改中 and
 * 重新打开 `reopen` a closed one, each with a reason. The list is the one source for the server's
 * checks, both databases' CHECK constraints and the web app's labels.
 * Not for: who may perform an action (`permissions.ts`).
 */

export const RECTIFICATION_STATUSES = ['open', 'inProgress', 'submitted', 'closed'] as const
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number]

export const RECTIFICATION_STATUS_LABELS: Record<RectificationStatus, string> = {
  open: '待整改',
  inProgress: '整改中',
  submitted: '待验收',
  closed: '已销号',
}

export const RECTIFICATION_ACTIONS = ['start', 'submit', 'close', 'reject', 'reopen'] as const
export type RectificationAction = (typeof RECTIFICATION_ACTIONS)[number]

export const RECTIFICATION_ACTION_LABELS: Record<RectificationAction, string> = {
  start: '开始整改',
  submit: '提交验收',
  close: '销号',
  reject: '驳回',
  reopen: '重新打开',
}

const TRANSITIONS: Record<
  RectificationAction,
  { from: RectificationStatus; to: RectificationStatus }
> = {
  start: { from: 'open', to: 'inProgress' },
  submit: { from: 'inProgress', to: 'submitted' },
  close: { from: 'submitted', to: 'closed' },
  reject: { from: 'submitted', to: 'inProgress' },
  reopen: { from: 'closed', to: 'inProgress' },
}

/** Actions that need a reason (驳回, 重新打开). */
export const RECTIFICATION_NEEDS_REASON: ReadonlySet<RectificationAction> = new Set([
  'reject',
  'reopen',
])

/** The status `action` leads to from `status`, or null when it does not apply there. */
export function nextRectificationStatus(
  status: RectificationStatus,
  action: RectificationAction,
): RectificationStatus | null {
  const t = TRANSITIONS[action]
  return t.from === status ? t.to : null
}

/** 整改情况 and 佐证材料 may be edited while the unit works on the item. */
export function isRectificationEditable(status: RectificationStatus): boolean {
  return status === 'open' || status === 'inProgress'
}
