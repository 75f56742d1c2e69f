/**
 * @module storage/events
 * The workflow log (SPEC §3): every transition, reopen and conflict resolution with
 * who, when and why. Append-only.
 * Not for: the hash-chained security audit (issue 6).
 */
import type { Db } from './db'

export interface WorkflowEvent {
  id: number
  sheetId: string
  /** `submit`, `return`, `accept`, `reopen`, `resolve-conflict`, `create` … */
  action: string
  fromStatus: string | null
  toStatus: string | null
  userId: string | null
  reason: string | null
  /** Action-specific JSON (e.g. the cell and value a conflict was resolved to). */
  detail: unknown
  at: string
}

export interface NewWorkflowEvent {
  sheetId: string
  action: string
  fromStatus?: string | null
  toStatus?: string | null
  userId: string | null
  reason?: string | null
  detail?: unknown
}

export interface EventStore {
  append(event: NewWorkflowEvent): Promise<void>
  list(sheetId: string): Promise<WorkflowEvent[]>
}

/** Insert one event (shared with the sheet store's transition transaction). */
export function insertEvent(db: Db, e: NewWorkflowEvent): void {
  db.prepare(
    `INSERT INTO workflow_events (sheet_id, action, from_status, to_status, user_id, reason, detail, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.sheetId,
    e.action,
    e.fromStatus ?? null,
    e.toStatus ?? null,
    e.userId,
    e.reason ?? null,
    e.detail === undefined ? null : JSON.stringify(e.detail),
    new Date().toISOString(),
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
    return rows.map((r) => ({ ...r, detail: r.detail === null ? null : JSON.parse(r.detail) }))
  }
}
