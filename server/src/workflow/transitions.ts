/**
 * @module workflow/transitions
 * The workflow of a sheet (SPEC §3):
 *   草稿 draft ─submit→ 已提交 submitted ─return(reason)→ 已退回 returned ─submit→ submitted
 *   submitted ─accept→ 已审核 accepted (locked) ─reopen(reason)→ returned
 * Reopening lands in `returned` so the lead sees why and submits again.
 * Only a lead submits; only a consolidator of a unit above returns, accepts or reopens;
 * `error` findings block a submit (422 with the list). Every transition is written
 * with who/when/why in one transaction with the status, then mirrored into the doc's
 * meta (so open clients lock or unlock at once) and into the room's lock.
 * Not for: HTTP (routes/workflow) or who holds which role (auth/permissions).
 */
import { writeMeta, type Finding, type SheetStatus } from '@taizhang/schema'
import { canReturnOrAccept, canSubmit } from '../auth/permissions'
import type { UnitTree } from '../auth/unitTree'
import type { FindingsApi, RoomsApi } from '../http/deps'
import { ApiError, forbidden } from '../http/errors'
import type { MetaStore } from '../storage/metaStore'
import type { SheetRecord } from '../storage/sheets'
import type { User } from '../storage/users'

export type WorkflowAction = 'submit' | 'return' | 'accept' | 'reopen'

export const TRANSITIONS: Record<WorkflowAction, { from: SheetStatus[]; to: SheetStatus }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  return: { from: ['submitted'], to: 'returned' },
  accept: { from: ['submitted'], to: 'accepted' },
  reopen: { from: ['accepted'], to: 'returned' },
}

/** Actions that must say why (退回原因, 重新打开原因). */
export const NEEDS_REASON: ReadonlySet<WorkflowAction> = new Set(['return', 'reopen'])

export const STATUS_LABELS: Record<SheetStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  accepted: '已审核',
}
const ACTION_LABELS: Record<WorkflowAction, string> = {
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

export function mayPerform(
  tree: UnitTree,
  user: User,
  unitId: string,
  action: WorkflowAction,
): boolean {
  return action === 'submit' ? canSubmit(tree, user, unitId) : canReturnOrAccept(tree, user, unitId)
}

export interface TransitionDeps {
  store: MetaStore
  rooms: RoomsApi
  findings: FindingsApi
}

/** Check and perform one transition; throws `ApiError` (403, 409, 422) when refused. */
export async function performTransition(
  { store, rooms, findings }: TransitionDeps,
  tree: UnitTree,
  user: User,
  sheet: SheetRecord,
  action: WorkflowAction,
  reason: string | null,
): Promise<SheetStatus> {
  if (!mayPerform(tree, user, sheet.unitId, action)) {
    throw forbidden(
      action === 'submit'
        ? '只有组长可以提交表格'
        : '只有上级单位的审核员可以退回、审核或重新打开表格',
    )
  }
  const to = nextStatus(sheet.status, action)
  if (!to) {
    throw new ApiError(
      409,
      'invalid-transition',
      `表格当前为“${STATUS_LABELS[sheet.status]}”，不能${ACTION_LABELS[action]}`,
    )
  }
  if (NEEDS_REASON.has(action) && !reason) {
    throw new ApiError(400, 'reason-required', `${ACTION_LABELS[action]}需要填写原因`)
  }
  if (action === 'submit') {
    const errors = (await findings.findings(sheet.id)).filter((f) => f.severity === 'error')
    if (errors.length > 0) throw submitRefused(errors)
  }
  const done = await store.sheets.transition(sheet.id, sheet.status, to, {
    action,
    userId: user.id,
    reason,
  })
  if (!done) throw new ApiError(409, 'status-changed', '表格状态已被他人更改，请刷新后重试')
  // Lock before the meta change on accept: an edit that arrives while "accepted" is
  // being written to disk is refused, so nothing lands after the acceptance (a client may
  // see its write refused a moment before the badge turns 已审核; the server change
  // itself ignores the lock). Other transitions unlock first.
  await rooms.setLocked(sheet.id, to === 'accepted')
  await rooms.applyServerChange(sheet.id, user.id, (doc) => writeMeta(doc, { status: to }))
  return to
}

function submitRefused(errors: Finding[]): ApiError {
  return new ApiError(422, 'has-errors', `表格还有 ${errors.length} 处错误，改正后才能提交`, {
    findings: errors,
  })
}
