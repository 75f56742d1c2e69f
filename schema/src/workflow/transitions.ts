/**
 * @module workflow/transitions
 * The workflow of a sheet (SPEC §3):
 *   草稿 draft ─submit→ 已提交 submitted ─return(reason)→ 已退回 returned ─submit→ submitted
 *   submitted ─accept→ 已审核 accepted (locked) ─reopen(reason)→ returned
 * Reopening lands in `returned` so the lead sees why and submits again. Who may perform an
 * action is `access/permissions` (`canPerform`); performing one is the server's business.
 */
import type { SheetStatus } from './states'

export const WORKFLOW_ACTIONS = ['submit', 'return', 'accept', 'reopen'] as const
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number]

export const TRANSITIONS: Record<WorkflowAction, { from: SheetStatus[]; to: SheetStatus }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  return: { from: ['submitted'], to: 'returned' },
  accept: { from: ['submitted'], to: 'accepted' },
  reopen: { from: ['accepted'], to: 'returned' },
}

/** Actions that must say why (退回原因, 重新打开原因). */
export const NEEDS_REASON: ReadonlySet<WorkflowAction> = new Set(['return', 'reopen'])

export const ACTION_LABELS: Record<WorkflowAction, string> = {
  submit: '提交',
  return: '退回',
  accept: '审核通过',
  reopen: '重新打开',
}

/** The status after `action` from `status`, or null when the action does not apply. */
export function nextStatus(status: SheetStatus, action: WorkflowAction): SheetStatus | null {
  const t = TRANSITIONS[action]
  return t.from.includes(status) ? t.to : null
}
