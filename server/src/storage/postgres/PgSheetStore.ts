/**
 * @module storage/postgres/PgSheetStore
 * The `SheetStore` on PostgreSQL: a status transition writes its workflow event in the same
 * transaction, only if the status is still the one the caller saw.
 */
import type { SheetStatus } from '@taizhang/schema'
import type { NewWorkflowEvent } from '../EventStore'
import type { NewSheet, SheetRecord, SheetStore } from '../SheetStore'
import { inTransaction, type PgPool, type Queryable } from './pgDatabase'
import { insertEvent } from './PgEventStore'

const SHEET_COLUMNS = `id, unit_id AS "unitId", template,
  COALESCE(template_id, template) AS "templateId", COALESCE(template_version, 1) AS "templateVersion", title, status, created_by AS "createdBy",
  created_at AS "createdAt", updated_at AS "updatedAt"`

export class PgSheetStore implements SheetStore {
  constructor(private readonly pool: PgPool) {}

  async create(sheet: NewSheet) {
    await insertSheet(this.pool, sheet, new Date().toISOString())
    return (await this.byId(sheet.id))!
  }

  async setTemplateVersion(id: string, version: number) {
    await this.pool.query(
      'UPDATE sheets SET template_version = $1, updated_at = $2 WHERE id = $3',
      [version, new Date().toISOString(), id],
    )
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

/** Insert a register entry (draft); also used inside the round store's transaction. */
export async function insertSheet(client: Queryable, s: NewSheet, now: string): Promise<void> {
  await client.query(
    `INSERT INTO sheets (id, unit_id, template, template_id, template_version, title, status,
       created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $9)`,
    [
      s.id,
      s.unitId,
      s.template,
      s.templateId ?? s.template,
      s.templateVersion ?? 1,
      s.title,
      s.createdBy,
      now,
      now,
    ],
  )
}
