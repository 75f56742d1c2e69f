/**
 * @module storage/sqlite/SqliteEventStore
 * The `EventStore` on SQLite: the `workflow_events` table, and the insert the sheet store's
 * transition shares (`insertEvent`).
 */
import type { EventStore, NewWorkflowEvent, WorkflowEvent } from '../EventStore'
import { EVENT_COLUMNS, eventValues, storedEvent } from '../workflowEventRow'
import type { Db } from './db'

/** Insert one event (shared with the sheet store's transition transaction). */
export function insertEvent(db: Db, e: NewWorkflowEvent): void {
  db.prepare(`INSERT INTO workflow_events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
    ...eventValues(e),
  )
}

export class SqliteEventStore implements EventStore {
  constructor(private readonly db: Db) {}

  async append(event: NewWorkflowEvent) {
    insertEvent(this.db, event)
  }

  async list(sheetId: string) {
    const rows = this.db
      .prepare(
        `SELECT id, sheet_id AS sheetId, action, from_status AS fromStatus, to_status AS toStatus,
                user_id AS userId, reason, detail, at
         FROM workflow_events WHERE sheet_id = ? ORDER BY id`,
      )
      .all(sheetId) as (Omit<WorkflowEvent, 'detail'> & { detail: string | null })[]
    return rows.map(storedEvent)
  }
}
