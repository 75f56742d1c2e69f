/**
 * @module storage/SheetStore
 * The sheet register: which unit a sheet belongs to, its kind, the template id and version it
 * is pinned to (SPEC §7), title and workflow status (SPEC §3). The cells live in the Yjs update log (`DocStore.ts`), not here.
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
  /** The sheet's kind (ledger, scoring, report): what it is, whichever template it uses. */
  template: TemplateKind
  /** The template it is made from (SPEC §7: a built-in id or a stored template's id). */
  templateId: string
  /** The version of that template the sheet is pinned to. */
  templateVersion: number
  title: string
  status: SheetStatus
  createdBy: string | null
  createdAt: string
  updatedAt: string
}

export interface NewSheet {
  id: string
  unitId: string
  /** The kind, see `SheetRecord.template`. */
  template: TemplateKind
  /** Default: the built-in whose id is the kind. */
  templateId?: string | undefined
  /** Default: 1 (every built-in's version). */
  templateVersion?: number | undefined
  title: string
  createdBy: string | null
}

export interface SheetStore {
  create(sheet: NewSheet): Promise<SheetRecord>
  /** Pin a sheet to another version of its template (SPEC §7, `POST …/template`). */
  setTemplateVersion(id: string, version: number): Promise<void>
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
