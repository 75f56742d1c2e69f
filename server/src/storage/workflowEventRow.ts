/**
 * @module storage/workflowEventRow
 * The `workflow_events` row as both backends write and read it (the same columns in
 * `sqlite/migrations.ts` and `postgres/pgMigrations.ts`): a new event's values in column
 * order, stamped now, and a stored row with its JSON `detail` parsed back.
 */
import type { NewWorkflowEvent, WorkflowEvent } from './EventStore'

/** The columns `eventValues` fills, in its order. */
export const EVENT_COLUMNS = 'sheet_id, action, from_status, to_status, user_id, reason, detail, at'

/** A new event's values for `EVENT_COLUMNS`. */
export const eventValues = (e: NewWorkflowEvent) =>
  [
    e.sheetId,
    e.action,
    e.fromStatus ?? null,
    e.toStatus ?? null,
    e.userId,
    e.reason ?? null,
    e.detail === undefined ? null : JSON.stringify(e.detail),
    new Date().toISOString(),
  ] as const

/** A stored event as the API reads it (`detail` is stored as JSON text). */
export const storedEvent = (
  row: Omit<WorkflowEvent, 'detail'> & { detail: string | null },
): WorkflowEvent => ({ ...row, detail: row.detail === null ? null : JSON.parse(row.detail) })
