/**
 * @module storage/sheets
 * The sheet register: which unit a sheet belongs to, its template, title and workflow
 * status (SPEC §3). The cells live in the Yjs update log (DocStore), not here.
 * A status change and its workflow event are written in one transaction, and only if
 * the status is still the one the caller saw, so two concurrent transitions cannot
 * both succeed.
 * Not for: the transition rules (workflow/transitions).
 */
import type { SheetStatus, TemplateKind } from '@taizhang/schema'
import type { Db } from './db'
import type { NewWorkflowEvent } from './events'
import { insertEvent } from './events'

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

const COLUMNS = `id, unit_id AS unitId, template, title, status, created_by AS createdBy,
  created_at AS createdAt, updated_at AS updatedAt`

export class SqliteSheetStore implements SheetStore {
  constructor(private readonly db: Db) {}

  async create({ id, unitId, template, title, createdBy }: NewSheet) {
    const now = new Date().toISOString()
    this.db
      .prepare(
        `INSERT INTO sheets (id, unit_id, template, title, status, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'draft', ?, ?, ?)`,
      )
      .run(id, unitId, template, title, createdBy, now, now)
    return (await this.byId(id))!
  }

  async byId(id: string) {
    return this.db.prepare(`SELECT ${COLUMNS} FROM sheets WHERE id = ?`).get(id) as
      SheetRecord | undefined
  }

  async list(unitIds?: string[]) {
    if (!unitIds) {
      return this.db
        .prepare(`SELECT ${COLUMNS} FROM sheets ORDER BY created_at, rowid`)
        .all() as SheetRecord[]
    }
    if (unitIds.length === 0) return []
    // json_each keeps one prepared statement whatever the number of units
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM sheets WHERE unit_id IN (SELECT value FROM json_each(?))
         ORDER BY created_at, rowid`,
      )
      .all(JSON.stringify(unitIds)) as SheetRecord[]
  }

  async transition(
    id: string,
    from: SheetStatus,
    to: SheetStatus,
    event: Omit<NewWorkflowEvent, 'sheetId' | 'fromStatus' | 'toStatus'>,
  ) {
    return this.db.transaction(() => {
      const { changes } = this.db
        .prepare('UPDATE sheets SET status = ?, updated_at = ? WHERE id = ? AND status = ?')
        .run(to, new Date().toISOString(), id, from)
      if (changes === 0) return false
      insertEvent(this.db, { ...event, sheetId: id, fromStatus: from, toStatus: to })
      return true
    })()
  }
}
