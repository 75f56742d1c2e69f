/**
 * @module storage/postgres/PgRoundStore
 * The `RoundStore` on PostgreSQL, with the behaviour of the SQLite one: a round, its sheets,
 * their create events and the round's sheet list in one transaction; the UNIQUE (unit_id,
 * template, period) of `rounds` lets only one of two identical requests (two nodes, a double
 * click) commit, and the other gets `RoundExistsError` naming it.
 */
import type { NewSheet } from '../SheetStore'
import {
  RoundExistsError,
  type NewRound,
  type Reminder,
  type RoundRecord,
  type RoundSheet,
  type RoundStore,
  type SheetTimes,
} from '../RoundStore'
import { inTransaction, type PgPool } from './pgDatabase'
import { insertEvent } from './PgEventStore'
import { insertSheet } from './PgSheetStore'

const COLUMNS = `id, unit_id AS "unitId", template, template_version AS "templateVersion", period,
  title, due_date AS "dueDate", carry_forward AS "carryForward", created_by AS "createdBy",
  created_at AS "createdAt", ready`

const prefixed = (alias: string) =>
  COLUMNS.split(',')
    .map((c) => `${alias}.${c.trim()}`)
    .join(', ')

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505'

export class PgRoundStore implements RoundStore {
  constructor(private readonly pool: PgPool) {}

  async create(round: NewRound, sheets: NewSheet[]) {
    const now = new Date().toISOString()
    try {
      await inTransaction(this.pool, async (client) => {
        await client.query(
          `INSERT INTO rounds (id, unit_id, template, template_version, period, title, due_date,
             carry_forward, created_by, created_at, ready)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, false)`,
          [
            round.id,
            round.unitId,
            round.template,
            round.templateVersion,
            round.period,
            round.title,
            round.dueDate,
            round.carryForward,
            round.createdBy,
            now,
          ],
        )
        for (const [i, s] of sheets.entries()) {
          await insertSheet(client, s, now)
          await insertEvent(client, {
            sheetId: s.id,
            action: 'create',
            toStatus: 'draft',
            userId: s.createdBy,
            detail: { roundId: round.id },
          })
          await client.query(
            'INSERT INTO round_sheets (round_id, unit_id, sheet_id, ord) VALUES ($1, $2, $3, $4)',
            [round.id, s.unitId, s.id, i],
          )
        }
      })
    } catch (error) {
      if (isUniqueViolation(error)) {
        const winner = await this.byKey(round.unitId, round.template, round.period)
        if (winner) throw new RoundExistsError(winner.id)
      }
      throw error
    }
    return (await this.byId(round.id))!
  }

  async byId(id: string) {
    const { rows } = await this.pool.query<RoundRecord>(
      `SELECT ${COLUMNS} FROM rounds WHERE id = $1`,
      [id],
    )
    return rows[0]
  }

  async byKey(unitId: string, template: string, period: string) {
    const { rows } = await this.pool.query<RoundRecord>(
      `SELECT ${COLUMNS} FROM rounds WHERE unit_id = $1 AND template = $2 AND period = $3`,
      [unitId, template, period],
    )
    return rows[0]
  }

  async list(unitIds?: string[]) {
    if (unitIds?.length === 0) return []
    const { rows } = unitIds
      ? await this.pool.query<RoundRecord>(
          `SELECT ${COLUMNS} FROM rounds WHERE unit_id = ANY($1::text[]) ORDER BY created_at, ord`,
          [unitIds],
        )
      : await this.pool.query<RoundRecord>(`SELECT ${COLUMNS} FROM rounds ORDER BY created_at, ord`)
    return rows
  }

  async listByTemplate(template: string) {
    const { rows } = await this.pool.query<RoundRecord>(
      `SELECT ${COLUMNS} FROM rounds WHERE template = $1 ORDER BY created_at, ord`,
      [template],
    )
    return rows
  }

  async sheets(roundId: string) {
    return this.sheetsOf([roundId])
  }

  async sheetsOf(roundIds: string[]) {
    if (roundIds.length === 0) return []
    const { rows } = await this.pool.query<RoundSheet>(
      `SELECT round_id AS "roundId", unit_id AS "unitId", sheet_id AS "sheetId",
         written_seq::int AS "writtenSeq" FROM round_sheets
       WHERE round_id = ANY($1::text[]) ORDER BY round_id, ord`,
      [roundIds],
    )
    return rows
  }

  async roundsOfSheets(sheetIds: string[]) {
    const out = new Map<string, RoundRecord>()
    if (sheetIds.length === 0) return out
    const { rows } = await this.pool.query<RoundRecord & { sheetId: string }>(
      `SELECT rs.sheet_id AS "sheetId", ${prefixed('r')}
       FROM round_sheets rs JOIN rounds r ON r.id = rs.round_id
       WHERE rs.sheet_id = ANY($1::text[])`,
      [sheetIds],
    )
    for (const { sheetId, ...r } of rows) out.set(sheetId, r)
    return out
  }

  async markReady(id: string) {
    await this.pool.query('UPDATE rounds SET ready = true WHERE id = $1', [id])
  }

  async markWritten(sheetId: string, seq: number) {
    await this.pool.query('UPDATE round_sheets SET written_seq = $1 WHERE sheet_id = $2', [
      seq,
      sheetId,
    ])
  }

  async unfinished() {
    const { rows } = await this.pool.query<RoundRecord>(
      `SELECT ${COLUMNS} FROM rounds WHERE NOT ready ORDER BY created_at, ord`,
    )
    return rows
  }

  async addReminders(reminders: Omit<Reminder, 'at'>[]) {
    if (reminders.length === 0) return
    const at = new Date().toISOString()
    await inTransaction(this.pool, async (client) => {
      for (const r of reminders) {
        await client.query(
          `INSERT INTO round_reminders (round_id, unit_id, message, sent_by, at)
           VALUES ($1, $2, $3, $4, $5)`,
          [r.roundId, r.unitId, r.message, r.by, at],
        )
      }
    })
  }

  async remindersFor(unitIds: string[]) {
    if (unitIds.length === 0) return []
    const { rows } = await this.pool.query<Reminder>(
      `SELECT round_id AS "roundId", unit_id AS "unitId", message, sent_by AS "by", at
       FROM round_reminders WHERE unit_id = ANY($1::text[]) ORDER BY id DESC`,
      [unitIds],
    )
    return rows
  }

  async reminders(roundId: string) {
    const { rows } = await this.pool.query<Reminder>(
      `SELECT round_id AS "roundId", unit_id AS "unitId", message, sent_by AS "by", at
       FROM round_reminders WHERE round_id = $1 ORDER BY id DESC`,
      [roundId],
    )
    return rows
  }

  async sheetTimes(sheetIds: string[]) {
    const out = new Map<string, SheetTimes>()
    if (sheetIds.length === 0) return out
    const { rows } = await this.pool.query<SheetTimes & { sheetId: string }>(
      `SELECT sheet_id AS "sheetId",
         MAX(CASE WHEN action = 'submit' THEN at END) AS "submittedAt",
         MAX(CASE WHEN action = 'accept' THEN at END) AS "acceptedAt"
       FROM workflow_events WHERE sheet_id = ANY($1::text[]) GROUP BY sheet_id`,
      [sheetIds],
    )
    for (const { sheetId, ...times } of rows) out.set(sheetId, times)
    return out
  }
}
