/**
 * @module workflow/performTransition
 * Performing a workflow transition of a sheet (SPEC §3; the states and transitions are
 * schema's `workflow/`, who may perform them schema's `canPerform`). `error` findings block a
 * submit. Every transition is written with who/when/why in one transaction with the status,
 * then mirrored into the doc's meta (so open clients lock or unlock at once) and into the
 * room's lock. A refusal is a `WorkflowError`.
 * Not for: HTTP (routes/workflow) or who holds which role (the unit tree and grants).
 */
import {
  ACTION_LABELS,
  NEEDS_REASON,
  STATUS_LABELS,
  canPerform,
  nextStatus,
  writeMeta,
  type SheetStatus,
  type UnitHierarchy,
  type WorkflowAction,
} from '@taizhang/schema'
import type { MetaStore } from '../storage/MetaStore'
import type { SheetRecord } from '../storage/SheetStore'
import type { User } from '../storage/UserStore'
import type { RoomsApi } from '../sync/RoomsApi'
import type { FindingsApi } from '../validation/findingsService'
import { WorkflowError } from './WorkflowError'

export interface TransitionDeps {
  store: MetaStore
  rooms: RoomsApi
  findings: FindingsApi
}

/** Check and perform one transition; throws `WorkflowError` when refused. */
export async function performTransition(
  { store, rooms, findings }: TransitionDeps,
  tree: UnitHierarchy,
  user: User,
  sheet: SheetRecord,
  action: WorkflowAction,
  reason: string | null,
): Promise<SheetStatus> {
  if (!canPerform(tree, user, sheet.unitId, action)) {
    throw new WorkflowError(
      'forbidden',
      action === 'submit'
        ? '只有组长可以提交表格'
        : '只有上级单位的审核员可以退回、审核或重新打开表格',
    )
  }
  const to = nextStatus(sheet.status, action)
  if (!to) {
    throw new WorkflowError(
      'invalid-transition',
      `表格当前为“${STATUS_LABELS[sheet.status]}”，不能${ACTION_LABELS[action]}`,
    )
  }
  if (NEEDS_REASON.has(action) && !reason) {
    throw new WorkflowError('reason-required', `${ACTION_LABELS[action]}需要填写原因`)
  }
  if (action === 'submit') {
    const errors = (await findings.findings(sheet.id)).filter((f) => f.severity === 'error')
    if (errors.length > 0) {
      throw new WorkflowError(
        'has-errors',
        `表格还有 ${errors.length} 处错误，改正后才能提交`,
        errors,
      )
    }
  }
  const done = await store.sheets.transition(sheet.id, sheet.status, to, {
    action,
    userId: user.id,
    reason,
  })
  if (!done) throw new WorkflowError('status-changed', '表格状态已被他人更改，请刷新后重试')
  // Lock before the meta change on accept: an edit that arrives while "accepted" is
  // being written to disk is refused, so nothing lands after the acceptance (a client may
  // see its write refused a moment before the badge turns 已审核; the server change
  // itself ignores the lock). Other transitions unlock first.
  await rooms.setLocked(sheet.id, to === 'accepted')
  await rooms.applyServerChange(sheet.id, user.id, (doc) => writeMeta(doc, { status: to }))
  return to
}
