/**
 * @module storage/RectificationStore
 * 整改台账 items (SPEC §9): one per scoring row that needs rectification, created at most once
 * per (sheet, row) — generating again (by hand, then on acceptance, or on two nodes at once)
 * adds only the rows not yet there. A transition changes the state only if it is still the one
 * the caller saw and writes its event in the same transaction, so two concurrent actions cannot
 * both succeed. The records and the interface every backend implements
 * (`sqlite/SqliteRectificationStore.ts`, `postgres/PgRectificationStore.ts`).
 * Not for: who may do what (schema's `rectification/permissions`) or HTTP.
 */
import type { CriterionShortfall, RectificationEvent, RectificationStatus } from '@taizhang/schema'

export interface RectificationRecord {
  id: string
  sheetId: string
  rowId: string
  sheetUnitId: string
  unitId: string | null
  org: string
  creditCode: string | null
  criteria: CriterionShortfall[]
  grade: string | null
  problems: string
  requirement: string
  deadline: string | null
  status: RectificationStatus
  progress: string
  evidence: string[]
  createdAt: string
  updatedAt: string
  closedAt: string | null
}

export type NewRectification = Omit<
  RectificationRecord,
  'status' | 'progress' | 'evidence' | 'createdAt' | 'updatedAt' | 'closedAt'
>

/** A logged action as stored: the user by id. */
export interface StoredRectificationEvent {
  itemId: string
  action: RectificationEvent['action']
  fromStatus: RectificationStatus | null
  toStatus: RectificationStatus | null
  userId: string | null
  note: string | null
  at: string
}

export type NewRectificationEvent = Omit<StoredRectificationEvent, 'itemId' | 'at'>

/** What a PATCH may change. */
export interface RectificationChange {
  progress?: string
  evidence?: string[]
  unitId?: string | null
}

export interface RectificationQuery {
  /** Items whose responsible unit or whose scoring sheet's unit is one of these. */
  unitIds?: string[]
  status?: RectificationStatus
  sheetId?: string
}

export interface RectificationStore {
  /**
   * Insert the items whose (sheetId, rowId) is not there yet, each with a `generate` event by
   * `userId`; → how many were created and how many existed.
   */
  createMissing(
    items: NewRectification[],
    userId: string | null,
  ): Promise<{ created: number; existing: number }>
  byId(id: string): Promise<RectificationRecord | undefined>
  list(query: RectificationQuery): Promise<RectificationRecord[]>
  /** Change fields and log `event` in one transaction; false when the item is gone. */
  update(id: string, change: RectificationChange, event: NewRectificationEvent): Promise<boolean>
  /**
   * Move an item from `from` to `to` and log the event, atomically (`closedAt` set on close);
   * false when the item was no longer in `from`.
   */
  transition(
    id: string,
    from: RectificationStatus,
    to: RectificationStatus,
    event: NewRectificationEvent,
  ): Promise<boolean>
  /** The events of these items, oldest first, at most `limit` (the last ones) per item. */
  events(itemIds: string[], limit?: number): Promise<StoredRectificationEvent[]>
  /** Items whose evidence lists this attachment. */
  referencing(attachmentId: string): Promise<RectificationRecord[]>
}
