/**
 * @module storage/postgres/PgSheetStore
 * The `SheetStore` on PostgreSQL: a status transition writes its workflow event in the same
 * transaction, only if the status is still the one the caller saw.
 */
import type { SheetStatus } from '@taizhang/schema'
import type { NewWorkflowEvent } from '../EventStore'
import type { NewSheet, SheetRecord, SheetStore } from '../SheetStore'
import { inTransaction, type PgPool } from './pgDatabase'
import { insertEvent } from './PgEventStore'

const SHEET_COLUMNS = `id, unit_id AS "unitId", template, title, status, created_by AS "createdBy",
  created_at AS "createdAt", updated_at AS "updatedAt"`

export class PgSheetStore implements SheetStore {
  constructor(private readonly pool: PgPool) {}

  async create({ id, unitId, template, title, createdBy }: NewSheet) {
    const now = new Date().toISOString()
    await this.pool.query(
      `INSERT INTO sheets (id, unit_id, template, title, status, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7)`,
      [id, unitId, template, title, createdBy, now, now],
    )
    return (await this.byId(id))!
  }

  async byId(id: string) {
    const { rows } = await this.pool.query<SheetRecord>(
      `SELECT ${SHEET_COLUMNS} FROM sheets WHERE id = $1`,
      [id],
    )
    return rows[0]
  }

  async list(unitIds?: string[]) {
    if (unitIds?.length === 0) return []
    const { rows } = unitIds
      ? await this.pool.query<SheetRecord>(
          `SELECT ${SHEET_COLUMNS} FROM sheets WHERE unit_id = ANY($1::text[])
           ORDER BY created_at, ord`,
          [unitIds],
        )
      : await this.pool.query<SheetRecord>(
          `SELECT ${SHEET_COLUMNS} FROM sheets ORDER BY created_at, ord`,
        )
    return rows
  }

  async transition(
    id: string,
    from: SheetStatus,
    to: SheetStatus,
    event: Omit<NewWorkflowEvent, 'sheetId' | 'fromStatus' | 'toStatus'>,
  ) {
    return inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(
        'UPDATE sheets SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4',
        [to, new Date().toISOString(), id, from],
      )
      if (!rowCount) return false
      await insertEvent(client, { ...event, sheetId: id, fromStatus: from, toStatus: to })
      return true
    })
  }
}
