/**
 * @module outbox/flushOutbox
 * Sends the outbox in the order `planFlush` gives (photos, then one PATCH per item, then the
 * transitions as they were made) and removes each record once the server has it. What the
 * server refuses is removed too and kept as a refusal with the server's reason, shown to the
 * person (a transition made offline "is applied when it reaches the server, or refused with
 * the reason shown", SPEC §9). When the network (or the session, or the server) is not there,
 * sending stops and everything not sent stays for the next try. One sender at a time across the
 * origin's tabs (Web Locks), so no transition is sent twice.
 * Not for: when to try (`useOutboxSender.ts`).
 */
import { RECTIFICATION_ACTION_LABELS, type RectificationItem } from '@taizhang/schema'
import { ApiError, errorMessage } from '../api/client'
import { uploadAttachment } from '../attachments/attachmentApi'
import {
  fetchRectification,
  patchRectification,
  performRectification,
  type RectificationPatch,
} from '../rectify/rectifyApi'
import { mergeEvidence, planFlush, withoutEvidence } from './entries'
import { addRefusal, getBlob, listOutbox, refusalsOf, removeRecords } from './outboxStore'

export interface FlushResult {
  sent: number
  refused: number
  /** Records left because the server could not be reached (or the session ended). */
  left: number
}

/** Not the server saying no: try again later (offline, 401 until signed in again, 5xx, 429). */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true
  return error.offline || error.status === 401 || error.status === 429 || error.status >= 500
}

class Stop extends Error {}

const itemListeners = new Set<(item: RectificationItem) => void>()

/**
 * Told of the server's answer for an item as soon as it arrives, before the records it
 * answers are removed, so a view never shows the older copy in between.
 */
export function onServerItem(listener: (item: RectificationItem) => void): () => void {
  itemListeners.add(listener)
  return () => itemListeners.delete(listener)
}
/** An answer for an item that came another way (the team lead's 责任单位, sent online). */
export const tellServerItem = (item: RectificationItem) => itemListeners.forEach((l) => l(item))
const tell = tellServerItem

async function flushOnce(userId: string): Promise<FlushResult> {
  const entries = await listOutbox(userId)
  const result: FlushResult = { sent: 0, refused: 0, left: entries.length }
  if (entries.length === 0) return result
  const plan = planFlush(entries)
  const refusedIds = new Set(
    (await refusalsOf(userId)).flatMap(({ refusal }) =>
      refusal.attachmentId ? [refusal.attachmentId] : [],
    ),
  )
  const refuse = async (
    keys: number[],
    what: string,
    error: unknown,
    where: { itemId?: string; sheetId?: string; attachmentId?: string; progress?: string },
  ) => {
    if (isTransient(error)) throw new Stop()
    await addRefusal({ userId, what, message: errorMessage(error), at: Date.now(), ...where })
    await removeRecords(keys, where.attachmentId ? [where.attachmentId] : [])
    result.refused += keys.length
  }
  const done = async (keys: number[], blobIds: string[] = []) => {
    await removeRecords(keys, blobIds)
    result.sent += keys.length
  }
  const recordOf = new Map(entries.map((e) => [e.key, e.record]))

  try {
    for (const photo of plan.photos) {
      const first = recordOf.get(photo.keys[0]!)
      const where =
        first?.kind === 'photo'
          ? { itemId: first.itemId, sheetId: first.sheetId, attachmentId: photo.attachmentId }
          : { attachmentId: photo.attachmentId }
      const blob = await getBlob(photo.attachmentId)
      if (!blob) {
        refusedIds.add(photo.attachmentId)
        await refuse(photo.keys, '上传照片', new ApiError('本机已找不到这张照片', 410), where)
        continue
      }
      try {
        const answer = await uploadAttachment(photo.attachmentId, blob.bytes, blob.name, blob.type)
        if (answer.id !== photo.attachmentId) {
          throw new ApiError('服务器计算的照片编号与本机不一致', 422)
        }
        await done(photo.keys, [photo.attachmentId])
      } catch (error) {
        if (!isTransient(error)) refusedIds.add(photo.attachmentId)
        await refuse(photo.keys, '上传照片', error, where)
      }
    }

    for (const pending of plan.patches) {
      const patch = withoutEvidence(pending, refusedIds)
      try {
        const body: RectificationPatch = {}
        if (patch.progress !== undefined) body.progress = patch.progress
        if (patch.add.length > 0 || patch.remove.length > 0) {
          const current = await fetchRectification(patch.itemId)
          body.evidence = mergeEvidence(current.evidence, patch.add, patch.remove)
        }
        if (body.progress !== undefined || body.evidence !== undefined) {
          tell(await patchRectification(patch.itemId, body))
        }
        await done(patch.keys)
      } catch (error) {
        await refuse(patch.keys, '保存整改情况和佐证材料', error, {
          itemId: patch.itemId,
          ...(patch.progress !== undefined ? { progress: patch.progress } : {}),
        })
      }
    }

    for (const { key, record } of plan.transitions) {
      try {
        tell(await performRectification(record.itemId, record.action, record.text))
        await done([key])
      } catch (error) {
        await refuse([key], RECTIFICATION_ACTION_LABELS[record.action], error, {
          itemId: record.itemId,
        })
      }
    }
  } catch (error) {
    if (!(error instanceof Stop)) throw error
  }
  result.left = entries.length - result.sent - result.refused
  return result
}

let running: Promise<FlushResult> | null = null

/** Sends what can be sent now; concurrent calls share one run. */
export function flushOutbox(userId: string): Promise<FlushResult> {
  running ??= (async () => {
    try {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
      if (!locks) return await flushOnce(userId)
      return await locks.request('taizhang-outbox', () => flushOnce(userId))
    } finally {
      running = null
    }
  })()
  return running
}
