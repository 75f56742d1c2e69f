/**
 * @module rectification/performAction
 * The actions on a rectification item (SPEC §9), checked and performed: a transition
 * (start, submit, close, reject, reopen) allowed by schema's `canPerformRectification` and
 * `nextRectificationStatus`, where submit needs 整改情况 and at least one 佐证材料 already
 * uploaded, and reject/reopen a reason; an edit of 整改情况/佐证材料 by the responsible unit while
 * the item is open or in progress; setting the responsible unit (the team lead, within the
 * inspected area). Each is stored with its event (who, when, why) in one transaction; a refusal
 * is a `RectificationError`.
 * Not for: HTTP or the audit log (routes/rectifications.ts).
 */
import {
  canManageRectifications,
  canPerformRectification,
  canWorkOnRectification,
  isRectificationEditable,
  nextRectificationStatus,
  RECTIFICATION_ACTION_LABELS,
  RECTIFICATION_NEEDS_REASON,
  RECTIFICATION_STATUS_LABELS,
  type RectificationAction,
  type RectificationStatus,
  type UnitTree,
} from '@taizhang/schema'
import type { AttachmentStore } from '../storage/AttachmentStore'
import type { MetaStore } from '../storage/MetaStore'
import type { RectificationChange, RectificationRecord } from '../storage/RectificationStore'
import type { Unit } from '../storage/UnitStore'
import type { User } from '../storage/UserStore'
import { RectificationError } from './RectificationError'
import { inspectedArea } from './responsibleUnits'

export interface ActionDeps {
  store: MetaStore
  attachments?: AttachmentStore | undefined
}

const FORBIDDEN: Record<RectificationAction, string> = {
  start: '只有责任单位的填报员或组长可以开始整改',
  submit: '只有责任单位的填报员或组长可以提交验收',
  close: '只有督查组组长或责任单位上级的审核员可以销号',
  reject: '只有督查组组长或责任单位上级的审核员可以驳回',
  reopen: '只有督查组组长或责任单位上级的审核员可以重新打开',
}

/** Check and perform one transition; → the new state. */
export async function performRectification(
  { store, attachments }: ActionDeps,
  tree: UnitTree<Unit>,
  user: User,
  item: RectificationRecord,
  action: RectificationAction,
  note: string | null,
): Promise<RectificationStatus> {
  if (!canPerformRectification(tree, user, item, action)) {
    throw new RectificationError(
      'forbidden',
      item.unitId === null && (action === 'start' || action === 'submit')
        ? '该整改事项还没有责任单位，请督查组组长先指定'
        : FORBIDDEN[action],
    )
  }
  const to = nextRectificationStatus(item.status, action)
  if (!to) {
    throw new RectificationError(
      'invalid-transition',
      `整改事项当前为“${RECTIFICATION_STATUS_LABELS[item.status]}”，不能${RECTIFICATION_ACTION_LABELS[action]}`,
    )
  }
  if (RECTIFICATION_NEEDS_REASON.has(action) && !note) {
    throw new RectificationError(
      'reason-required',
      `${RECTIFICATION_ACTION_LABELS[action]}需要填写原因`,
    )
  }
  if (action === 'submit') {
    if (!item.progress.trim()) {
      throw new RectificationError('incomplete', '请先填写整改情况再提交验收')
    }
    if (item.evidence.length === 0) {
      throw new RectificationError('incomplete', '请至少上传一份佐证材料再提交验收')
    }
    const missing = []
    for (const id of item.evidence) if (!(await attachments?.byId(id))) missing.push(id)
    if (missing.length > 0) {
      throw new RectificationError(
        'incomplete',
        `还有 ${missing.length} 份佐证材料没有上传完成，请联网上传后再提交验收`,
      )
    }
  }
  const done = await store.rectifications.transition(item.id, item.status, to, {
    action,
    fromStatus: item.status,
    toStatus: to,
    userId: user.id,
    note,
  })
  if (!done) {
    throw new RectificationError('invalid-transition', '整改事项状态已被他人更改，请刷新后重试')
  }
  return to
}

/** 整改情况 and 佐证材料, by the responsible unit while the item is open or in progress. */
export async function editRectification(
  { store }: ActionDeps,
  tree: UnitTree<Unit>,
  user: User,
  item: RectificationRecord,
  change: { progress?: string | undefined; evidence?: string[] | undefined },
): Promise<string | null> {
  if (change.progress === undefined && change.evidence === undefined) return null
  if (!canWorkOnRectification(tree, user, item)) {
    throw new RectificationError('forbidden', '只有责任单位的填报员或组长可以填写整改情况')
  }
  if (!isRectificationEditable(item.status)) {
    throw new RectificationError(
      'not-editable',
      `整改事项当前为“${RECTIFICATION_STATUS_LABELS[item.status]}”，不能修改整改情况和佐证材料`,
    )
  }
  const stored: RectificationChange = {}
  const said: string[] = []
  if (change.progress !== undefined && change.progress !== item.progress) {
    stored.progress = change.progress
    said.push('整改情况')
  }
  if (change.evidence !== undefined && change.evidence.join(',') !== item.evidence.join(',')) {
    stored.evidence = change.evidence
    said.push(`佐证材料（${change.evidence.length} 份）`)
  }
  if (said.length === 0) return null
  const note = `修改了${said.join('、')}`
  await store.rectifications.update(item.id, stored, {
    action: 'edit',
    fromStatus: null,
    toStatus: null,
    userId: user.id,
    note,
  })
  return note
}

/** Set the responsible unit: the team lead, to a unit of the inspected area. */
export async function assignRectification(
  { store }: ActionDeps,
  tree: UnitTree<Unit>,
  user: User,
  item: RectificationRecord,
  unitId: string,
): Promise<string | null> {
  if (!canManageRectifications(tree, user, item.sheetUnitId)) {
    throw new RectificationError('forbidden', '只有督查组组长可以指定责任单位')
  }
  if (unitId === item.unitId) return null
  const unit = inspectedArea(tree, item.sheetUnitId).find((u) => u.id === unitId)
  if (!unit) throw new RectificationError('invalid', '责任单位必须在督查范围内')
  const note = `责任单位：${unit.name}`
  await store.rectifications.update(
    item.id,
    { unitId },
    { action: 'assign', fromStatus: null, toStatus: null, userId: user.id, note },
  )
  return note
}
