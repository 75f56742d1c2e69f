/**
 * @module outbox/entries
 * What the outbox holds and the pure decisions about it (SPEC §9, §10: work done offline on a
 * phone reaches the server when the network returns):
 * - the records: a photo to upload (its bytes sit in `blobs` under the attachment id), a change
 *   of an item's 整改情况 (progress) or evidence, a transition of an item;
 * - `planFlush`: the order they are sent in — every photo first (an evidence id must exist on
 *   the server before an item names it), then one PATCH per item with its changes merged, then
 *   the transitions in the order they were made (submit needs the progress and evidence);
 * - `mergeEvidence`: evidence added and removed here applied to the server's list as it is when
 *   the PATCH is sent, so a photo someone else attached meanwhile is kept;
 * - `pendingView`: what an item looks like to the person who made the unsent changes.
 * Records are only ever appended and deleted, never edited: a record the sender is sending
 * cannot change under it, and a change made meanwhile is a new record sent next time.
 * Not for: IndexedDB (`outboxStore.ts`) or HTTP (`flushOutbox.ts`).
 */

import type { RectificationAction } from '@taizhang/schema'

interface RecordBase {
  /** Whose work it is: only that person's session sends it. */
  userId: string
  /** When it was made (ms since epoch). */
  at: number
}

/** A photo to upload; `itemId` or `sheetId` says where its id was written. */
export interface PhotoRecord extends RecordBase {
  kind: 'photo'
  attachmentId: string
  name: string
  type: string
  size: number
  itemId?: string
  sheetId?: string
}

/** A change of an item's progress text and/or evidence list. */
export interface PatchRecord extends RecordBase {
  kind: 'patch'
  itemId: string
  progress?: string
  addEvidence?: string[]
  removeEvidence?: string[]
}

export interface TransitionRecord extends RecordBase {
  kind: 'transition'
  itemId: string
  action: RectificationAction
  /** The reason (reject, reopen) or note. */
  text?: string
}

export type OutboxRecord = PhotoRecord | PatchRecord | TransitionRecord

/** A stored record with its key (the key orders records by when they were made). */
export interface Keyed<R extends OutboxRecord = OutboxRecord> {
  key: number
  record: R
}

/** The bytes of a photo not yet uploaded, under its attachment id. */
export interface BlobRecord {
  id: string
  type: string
  name: string
  bytes: ArrayBuffer
  width: number
  height: number
  at: number
}

/** Something the server refused when it was sent, shown with its reason until dismissed. */
export interface RefusalRecord {
  userId: string
  itemId?: string
  sheetId?: string
  /** What was refused, in Chinese (提交验收, 上传照片 …). */
  what: string
  /** The server's reason, in Chinese. */
  message: string
  /** A refused photo: later evidence changes naming it are left out. */
  attachmentId?: string
  /** The 整改情况 text a refused change carried, shown so that it is not lost. */
  progress?: string
  at: number
}

export interface PhotoUpload {
  attachmentId: string
  /** Every record naming this id (one upload serves them all). */
  keys: number[]
}

export interface ItemPatch {
  itemId: string
  keys: number[]
  /** The latest progress text, when one was written. */
  progress?: string
  add: string[]
  remove: string[]
}

export interface FlushPlan {
  photos: PhotoUpload[]
  patches: ItemPatch[]
  transitions: Keyed<TransitionRecord>[]
}

const byKey = (a: Keyed, b: Keyed) => a.key - b.key

/** Folds one record's evidence changes into running add/remove lists (later wins). */
function foldEvidence(patch: ItemPatch, record: PatchRecord): void {
  for (const id of record.addEvidence ?? []) {
    patch.remove = patch.remove.filter((x) => x !== id)
    if (!patch.add.includes(id)) patch.add.push(id)
  }
  for (const id of record.removeEvidence ?? []) {
    patch.add = patch.add.filter((x) => x !== id)
    if (!patch.remove.includes(id)) patch.remove.push(id)
  }
}

/** The order of sending: photos, then one merged PATCH per item, then transitions as made. */
export function planFlush(entries: readonly Keyed[]): FlushPlan {
  const sorted = [...entries].sort(byKey)
  const photos = new Map<string, PhotoUpload>()
  const patches = new Map<string, ItemPatch>()
  const transitions: Keyed<TransitionRecord>[] = []
  for (const { key, record } of sorted) {
    if (record.kind === 'photo') {
      const upload = photos.get(record.attachmentId)
      if (upload) upload.keys.push(key)
      else photos.set(record.attachmentId, { attachmentId: record.attachmentId, keys: [key] })
    } else if (record.kind === 'patch') {
      let patch = patches.get(record.itemId)
      if (!patch) {
        patch = { itemId: record.itemId, keys: [], add: [], remove: [] }
        patches.set(record.itemId, patch)
      }
      patch.keys.push(key)
      if (record.progress !== undefined) patch.progress = record.progress
      foldEvidence(patch, record)
    } else {
      transitions.push({ key, record })
    }
  }
  return { photos: [...photos.values()], patches: [...patches.values()], transitions }
}

/** The server's evidence list with this device's additions and removals applied. */
export function mergeEvidence(
  server: readonly string[],
  add: readonly string[],
  remove: readonly string[],
): string[] {
  const out = server.filter((id) => !remove.includes(id))
  for (const id of add) if (!out.includes(id)) out.push(id)
  return out
}

/** A patch without the evidence ids whose upload was refused (they would be refused too). */
export function withoutEvidence(patch: ItemPatch, refused: ReadonlySet<string>): ItemPatch {
  return { ...patch, add: patch.add.filter((id) => !refused.has(id)) }
}

/** What an item looks like with this device's unsent changes. */
export interface PendingView {
  progress: string
  evidence: string[]
  /** The progress text has not reached the server yet. */
  progressUnsent: boolean
  /** Attachment ids whose bytes are still only on this device (待上传). */
  notUploaded: Set<string>
  /** Transitions made here, not yet sent, in order. */
  actions: TransitionRecord[]
}

/** Those of `ids` whose bytes are still only on this device (待上传). */
export function notUploadedOf(ids: readonly string[], entries: readonly Keyed[]): Set<string> {
  const waiting = new Set<string>()
  for (const e of entries) if (e.record.kind === 'photo') waiting.add(e.record.attachmentId)
  return new Set(ids.filter((id) => waiting.has(id)))
}

export function pendingView(
  item: { id: string; progress?: string | null; evidence?: readonly string[] },
  entries: readonly Keyed[],
): PendingView {
  const mine = entries.filter((e) => 'itemId' in e.record && e.record.itemId === item.id)
  const plan = planFlush(mine)
  const patch = plan.patches[0]
  const evidence = mergeEvidence(item.evidence ?? [], patch?.add ?? [], patch?.remove ?? [])
  return {
    progress: patch?.progress ?? item.progress ?? '',
    evidence,
    progressUnsent: patch?.progress !== undefined && patch.progress !== (item.progress ?? ''),
    notUploaded: notUploadedOf(evidence, entries),
    actions: plan.transitions.map((t) => t.record),
  }
}
