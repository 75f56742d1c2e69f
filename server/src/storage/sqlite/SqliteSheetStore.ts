/**
 * @module storage/sqlite/SqliteSheetStore
 * The `SheetStore` on SQLite: the `sheets` table; a transition and its workflow event in one
 * transaction (`insertEvent` of `SqliteEventStore.ts`).
 */
import type { SheetStatus } from '@taizhang/schema'
import type { NewWorkflowEvent } from '../EventStore'
import type { NewSheet, SheetRecord, SheetStore } from '../SheetStore'
import type { Db } from './db'
import { insertEvent } from './SqliteEventStore'

const COLUMNS = `id, unit_id AS unitId, template, COALESCE(template_id, template) AS templateId,
  COALESCE(template_version, 1) AS templateVersion, title, status, created_by AS createdBy,
  created_at AS createdAt, updated_at AS updatedAt`

export class SqliteSheetStore implements SheetStore {
  constructor(private readonly db: Db) {}

  async create(sheet: NewSheet) {
    insertSheet(this.db, sheet, new Date().toISOString())
    return (await this.byId(sheet.id))!
  }

  async setTemplateVersion(id: string, version: number) {
    this.db
      .prepare('UPDATE sheets SET template_version = ?, updated_at = ? WHERE id = ?')
      .run(version, new Date().toISOString(), id)
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

/** Insert a register entry (draft); also used inside the round store's transaction. */
export function insertSheet(db: Db, s: NewSheet, now: string): void {
  db.prepare(
    `INSERT INTO sheets (id, unit_id, template, template_id, template_version, title, status,
       created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?)`,
  ).run(
    s.id,
    s.unitId,
    s.template,
    s.templateId ?? s.template,
    s.templateVersion ?? 1,
    s.title,
    s.createdBy,
    now,
    now,
  )
}
