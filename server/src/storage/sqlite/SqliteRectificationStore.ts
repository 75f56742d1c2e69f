/**
 * @module storage/sqlite/SqliteRectificationStore
 * The `RectificationStore` on SQLite: `rectification_items` (criteria and evidence as JSON
 * text) and `rectification_events`. The UNIQUE (sheet_id, row_id) and an INSERT OR IGNORE make
 * generation idempotent; a transition is an UPDATE … WHERE state = ? with its event, in one
 * transaction.
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
import type { Db } from './db'

const COLUMNS = `id, sheet_id AS sheetId, row_id AS rowId, sheet_unit_id AS sheetUnitId,
  unit_id AS unitId, org, credit_code AS creditCode, criteria, grade, problems, requirement,
  deadline, state AS status, progress, evidence, created_at AS createdAt,
  updated_at AS updatedAt, closed_at AS closedAt`

type Raw = Omit<RectificationRecord, 'criteria' | 'evidence'> & {
  criteria: string
  evidence: string
}
const toRecord = (r: Raw): RectificationRecord => ({
  ...r,
  criteria: JSON.parse(r.criteria),
  evidence: JSON.parse(r.evidence),
})

export class SqliteRectificationStore implements RectificationStore {
  constructor(private readonly db: Db) {}

  private insertEvent(itemId: string, e: NewRectificationEvent, at: string) {
    this.db
      .prepare(
        `INSERT INTO rectification_events (item_id, action, from_status, to_status, user_id, note, at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(itemId, e.action, e.fromStatus, e.toStatus, e.userId, e.note, at)
  }

  async createMissing(items: NewRectification[], userId: string | null) {
    const now = new Date().toISOString()
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO rectification_items (id, sheet_id, row_id, sheet_unit_id, unit_id, org,
         credit_code, criteria, grade, problems, requirement, deadline, state, progress, evidence,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', '', '[]', ?, ?)`,
    )
    let created = 0
    this.db.transaction(() => {
      for (const i of items) {
        const id = i.id || newId()
        const done = insert.run(
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
          now,
        )
        if (done.changes === 1) {
          created++
          this.insertEvent(
            id,
            { action: 'generate', fromStatus: null, toStatus: 'open', userId, note: null },
            now,
          )
        }
      }
    })()
    return { created, existing: items.length - created }
  }

  async byId(id: string) {
    const r = this.db.prepare(`SELECT ${COLUMNS} FROM rectification_items WHERE id = ?`).get(id) as
      Raw | undefined
    return r && toRecord(r)
  }

  async list({ unitIds, status, sheetId }: RectificationQuery) {
    if (unitIds?.length === 0) return []
    const where: string[] = []
    const args: unknown[] = []
    if (unitIds) {
      where.push(
        `(unit_id IN (SELECT value FROM json_each(?)) OR sheet_unit_id IN (SELECT value FROM json_each(?)))`,
      )
      args.push(JSON.stringify(unitIds), JSON.stringify(unitIds))
    }
    if (status) {
      where.push('state = ?')
      args.push(status)
    }
    if (sheetId) {
      where.push('sheet_id = ?')
      args.push(sheetId)
    }
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM rectification_items
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, rowid`,
      )
      .all(...args) as Raw[]
    return rows.map(toRecord)
  }

  async update(id: string, change: RectificationChange, event: NewRectificationEvent) {
    const now = new Date().toISOString()
    const sets: string[] = ['updated_at = ?']
    const args: unknown[] = [now]
    if (change.progress !== undefined) {
      sets.push('progress = ?')
      args.push(change.progress)
    }
    if (change.evidence !== undefined) {
      sets.push('evidence = ?')
      args.push(JSON.stringify(change.evidence))
    }
    if (change.unitId !== undefined) {
      sets.push('unit_id = ?')
      args.push(change.unitId)
    }
    let done = false
    this.db.transaction(() => {
      const r = this.db
        .prepare(`UPDATE rectification_items SET ${sets.join(', ')} WHERE id = ?`)
        .run(...args, id)
      if (r.changes !== 1) return
      this.insertEvent(id, event, now)
      done = true
    })()
    return done
  }

  async transition(
    id: string,
    from: RectificationStatus,
    to: RectificationStatus,
    event: NewRectificationEvent,
  ) {
    const now = new Date().toISOString()
    let done = false
    this.db.transaction(() => {
      const r = this.db
        .prepare(
          `UPDATE rectification_items SET state = ?, updated_at = ?,
             closed_at = CASE WHEN ? = 'closed' THEN ? ELSE closed_at END
           WHERE id = ? AND state = ?`,
        )
        .run(to, now, to, now, id, from)
      if (r.changes !== 1) return
      this.insertEvent(id, { ...event, fromStatus: from, toStatus: to }, now)
      done = true
    })()
    return done
  }

  async events(itemIds: string[], limit = 500) {
    if (itemIds.length === 0) return []
    return this.db
      .prepare(
        `SELECT itemId, action, fromStatus, toStatus, userId, note, at FROM (
           SELECT item_id AS itemId, action, from_status AS fromStatus, to_status AS toStatus,
             user_id AS userId, note, at, id,
             ROW_NUMBER() OVER (PARTITION BY item_id ORDER BY id DESC) AS n
           FROM rectification_events WHERE item_id IN (SELECT value FROM json_each(?))
         ) WHERE n <= ? ORDER BY id`,
      )
      .all(JSON.stringify(itemIds), limit) as StoredRectificationEvent[]
  }

  async referencing(attachmentId: string) {
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM rectification_items
         WHERE EXISTS (SELECT 1 FROM json_each(evidence) WHERE value = ?)`,
      )
      .all(attachmentId) as Raw[]
    return rows.map(toRecord)
  }
}
