/**
 * @module storage/SheetStore
 * The sheet register: which unit a sheet belongs to, its template, title and workflow
 * status (SPEC §3). The cells live in the Yjs update log (`DocStore.ts`), not here.
 * A status change and its workflow event are written in one transaction, and only if
 * the status is still the one the caller saw, so two concurrent transitions cannot
 * both succeed. The record and the interface every backend implements
 * (`sqlite/SqliteSheetStore.ts`, `postgres/PgSheetStore.ts`).
 * Not for: the transition rules (schema's `workflow/`).
 */
import type { SheetStatus, TemplateKind } from '@taizhang/schema'
import type { NewWorkflowEvent } from './EventStore'

export interface SheetRecord {
  id: string
  unitId: string
  template: TemplateKind
  title: string
  status: SheetStatus
  createdBy: string | null
  createdAt: string
  updatedAt: string
}

export interface NewSheet {
  id: string
  unitId: string
  template: TemplateKind
  title: string
  createdBy: string | null
}

export interface SheetStore {
  create(sheet: NewSheet): Promise<SheetRecord>
  byId(id: string): Promise<SheetRecord | undefined>
  /** Sheets of the given units (all sheets when `unitIds` is omitted), oldest first. */
  list(unitIds?: string[]): Promise<SheetRecord[]>
  /**
   * Move a sheet from `from` to `to` and log `event`, atomically; false when the
   * sheet was no longer in `from`.
   */
  transition(
    id: string,
    from: SheetStatus,
    to: SheetStatus,
    event: Omit<NewWorkflowEvent, 'sheetId' | 'fromStatus' | 'toStatus'>,
  ): Promise<boolean>
}
