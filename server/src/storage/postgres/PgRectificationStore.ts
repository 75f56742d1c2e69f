/**
 * @module storage/postgres/PgRectificationStore
 * The `RectificationStore` on PostgreSQL, with the behaviour of the SQLite one: INSERT … ON
 * CONFLICT (sheet_id, row_id) DO NOTHING makes generation idempotent across nodes; a transition
 * is an UPDATE … WHERE state = $from with its event in one transaction. Criteria and evidence
 * are JSONB (a GIN index answers "which items list this attachment").
 */
import { newId, type RectificationStatus } from '@taizhang/schema'
import type {
  NewRectification,
  NewRectificationEvent,
  RectificationChange,
  RectificationQuery,
  RectificationRecord,
  RectificationStore,
  StoredRectificationEvent,
} from '../RectificationStore'
import { inTransaction, type PgPool, type Queryable } from './pgDatabase'

const COLUMNS = `id, sheet_id AS "sheetId", row_id AS "rowId", sheet_unit_id AS "sheetUnitId",
  unit_id AS "unitId", org, credit_code AS "creditCode", criteria, grade, problems, requirement,
  deadline, state AS status, progress, evidence, created_at AS "createdAt",
  updated_at AS "updatedAt", closed_at AS "closedAt"`

async function insertEvent(db: Queryable, itemId: string, e: NewRectificationEvent, at: string) {
  await db.query(
    `INSERT INTO rectification_events (item_id, action, from_status, to_status, user_id, note, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [itemId, e.action, e.fromStatus, e.toStatus, e.userId, e.note, at],
  )
}

export class PgRectificationStore implements RectificationStore {
  constructor(private readonly pool: PgPool) {}

  async createMissing(items: NewRectification[], userId: string | null) {
    const now = new Date().toISOString()
    let created = 0
    await inTransaction(this.pool, async (client) => {
      for (const i of items) {
        const id = i.id || newId()
        const r = await client.query(
          `INSERT INTO rectification_items (id, sheet_id, row_id, sheet_unit_id, unit_id, org,
             credit_code, criteria, grade, problems, requirement, deadline, state, progress,
             evidence, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', '', '[]', $13, $13)
           ON CONFLICT (sheet_id, row_id) DO NOTHING`,
          [
            id,
            i.sheetId,
            i.rowId,
            i.sheetUnitId,
            i.unitId,
            i.org,
            i.creditCode,
            JSON.stringify(i.criteria),
            i.grade,
            i.problems,
            i.requirement,
            i.deadline,
            now,
          ],
        )
        if (r.rowCount === 1) {
          created++
          await insertEvent(
            client,
            id,
            { action: 'generate', fromStatus: null, toStatus: 'open', userId, note: null },
            now,
          )
        }
      }
    })
    return { created, existing: items.length - created }
  }

  async byId(id: string) {
    const { rows } = await this.pool.query<RectificationRecord>(
      `SELECT ${COLUMNS} FROM rectification_items WHERE id = $1`,
      [id],
    )
    return rows[0]
  }

  async list({ unitIds, status, sheetId }: RectificationQuery) {
    if (unitIds?.length === 0) return []
    const where: string[] = []
    const args: unknown[] = []
    if (unitIds) {
      args.push(unitIds)
      where.push(
        `(unit_id = ANY($${args.length}::text[]) OR sheet_unit_id = ANY($${args.length}::text[]))`,
      )
    }
    if (status) {
      args.push(status)
      where.push(`state = $${args.length}`)
    }
    if (sheetId) {
      args.push(sheetId)
      where.push(`sheet_id = $${args.length}`)
    }
    const { rows } = await this.pool.query<RectificationRecord>(
      `SELECT ${COLUMNS} FROM rectification_items
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, ord`,
      args,
    )
    return rows
  }

  async update(id: string, change: RectificationChange, event: NewRectificationEvent) {
    const now = new Date().toISOString()
    const args: unknown[] = [now]
    const sets: string[] = ['updated_at = $1']
    if (change.progress !== undefined) {
      args.push(change.progress)
      sets.push(`progress = $${args.length}`)
    }
    if (change.evidence !== undefined) {
      args.push(JSON.stringify(change.evidence))
      sets.push(`evidence = $${args.length}::jsonb`)
    }
    if (change.unitId !== undefined) {
      args.push(change.unitId)
      sets.push(`unit_id = $${args.length}`)
    }
    args.push(id)
    return inTransaction(this.pool, async (client) => {
      const r = await client.query(
        `UPDATE rectification_items SET ${sets.join(', ')} WHERE id = $${args.length}`,
        args,
      )
      if (r.rowCount !== 1) return false
      await insertEvent(client, id, event, now)
      return true
    })
  }

  async transition(
    id: string,
    from: RectificationStatus,
    to: RectificationStatus,
    event: NewRectificationEvent,
  ) {
    const now = new Date().toISOString()
    return inTransaction(this.pool, async (client) => {
      const r = await client.query(
        `UPDATE rectification_items SET state = $1, updated_at = $2,
           closed_at = CASE WHEN $1 = 'closed' THEN $2 ELSE closed_at END
         WHERE id = $3 AND state = $4`,
        [to, now, id, from],
      )
      if (r.rowCount !== 1) return false
      await insertEvent(client, id, { ...event, fromStatus: from, toStatus: to }, now)
      return true
    })
  }

  async events(itemIds: string[], limit = 500) {
    if (itemIds.length === 0) return []
    const { rows } = await this.pool.query<StoredRectificationEvent>(
      `SELECT "itemId", action, "fromStatus", "toStatus", "userId", note, at FROM (
         SELECT item_id AS "itemId", action, from_status AS "fromStatus", to_status AS "toStatus",
           user_id AS "userId", note, at, id,
           ROW_NUMBER() OVER (PARTITION BY item_id ORDER BY id DESC) AS n
         FROM rectification_events WHERE item_id = ANY($1::text[])
       ) e WHERE n <= $2 ORDER BY id`,
      [itemIds, limit],
    )
    return rows
  }

  async referencing(attachmentId: string) {
    const { rows } = await this.pool.query<RectificationRecord>(
      `SELECT ${COLUMNS} FROM rectification_items WHERE evidence ? $1`,
      [attachmentId],
    )
    return rows
  }
}
