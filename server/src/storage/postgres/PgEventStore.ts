/**
 * @module storage/postgres/PgEventStore
 * The `EventStore` on PostgreSQL: the `workflow_events` table, and the insert the sheet
 * store's transition shares (`insertEvent`).
 */
import type { EventStore, NewWorkflowEvent, WorkflowEvent } from '../EventStore'
import { EVENT_COLUMNS, eventValues, storedEvent } from '../workflowEventRow'
import type { PgPool, Queryable } from './pgDatabase'

/** Insert one event (on the pool, or on the client of a transaction). */
export async function insertEvent(db: Queryable, e: NewWorkflowEvent): Promise<void> {
  await db.query(
    `INSERT INTO workflow_events (${EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [...eventValues(e)],
  )
}

export class PgEventStore implements EventStore {
  constructor(private readonly pool: PgPool) {}

  async append(event: NewWorkflowEvent) {
    await insertEvent(this.pool, event)
  }

  async list(sheetId: string) {
    const { rows } = await this.pool.query<
      Omit<WorkflowEvent, 'detail'> & { detail: string | null }
    >(
      `SELECT id, sheet_id AS "sheetId", action, from_status AS "fromStatus",
              to_status AS "toStatus", user_id AS "userId", reason, detail, at
       FROM workflow_events WHERE sheet_id = $1 ORDER BY id`,
      [sheetId],
    )
    return rows.map(storedEvent)
  }
}
