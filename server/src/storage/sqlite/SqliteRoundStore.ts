/**
 * @module storage/sqlite/SqliteRoundStore
 * The `RoundStore` on SQLite: `rounds`, `round_sheets`, `round_reminders`. A round and all
 * its sheets are inserted in one transaction; the UNIQUE (unit_id, template, period) of
 * `rounds` makes the second of two identical requests fail as a whole.
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
import type { Db } from './db'
import { insertEvent } from './SqliteEventStore'
import { insertSheet } from './SqliteSheetStore'

const COLUMNS = `id, unit_id AS unitId, template, template_version AS templateVersion, period, title,
  due_date AS dueDate, carry_forward AS carryForward, created_by AS createdBy,
  created_at AS createdAt, ready`

type RawRound = Omit<RoundRecord, 'carryForward' | 'ready'> & {
  carryForward: number
  ready: number
}
const toRecord = (r: RawRound): RoundRecord => ({
  ...r,
  carryForward: r.carryForward === 1,
  ready: r.ready === 1,
})

export class SqliteRoundStore implements RoundStore {
  constructor(private readonly db: Db) {}

  async create(round: NewRound, sheets: NewSheet[]) {
    const now = new Date().toISOString()
    const insert = this.db.transaction(() => {
      const existing = this.db
        .prepare('SELECT id FROM rounds WHERE unit_id = ? AND template = ? AND period = ?')
        .get(round.unitId, round.template, round.period) as { id: string } | undefined
      if (existing) throw new RoundExistsError(existing.id)
      this.db
        .prepare(
          `INSERT INTO rounds (id, unit_id, template, template_version, period, title, due_date,
             carry_forward, created_by, created_at, ready)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
        )
        .run(
          round.id,
          round.unitId,
          round.template,
          round.templateVersion,
          round.period,
          round.title,
          round.dueDate,
          round.carryForward ? 1 : 0,
          round.createdBy,
          now,
        )
      const link = this.db.prepare(
        'INSERT INTO round_sheets (round_id, unit_id, sheet_id, ord) VALUES (?, ?, ?, ?)',
      )
      for (const [i, s] of sheets.entries()) {
        insertSheet(this.db, s, now)
        insertEvent(this.db, {
          sheetId: s.id,
          action: 'create',
          toStatus: 'draft',
          userId: s.createdBy,
          detail: { roundId: round.id },
        })
        link.run(round.id, s.unitId, s.id, i)
      }
    })
    try {
      insert()
    } catch (error) {
      // a concurrent identical request that won the race between our SELECT and INSERT
      if (String((error as Error).message).includes('UNIQUE constraint failed: rounds.')) {
        const winner = await this.byKey(round.unitId, round.template, round.period)
        if (winner) throw new RoundExistsError(winner.id)
      }
      throw error
    }
    return (await this.byId(round.id))!
  }

  async byId(id: string) {
    const r = this.db.prepare(`SELECT ${COLUMNS} FROM rounds WHERE id = ?`).get(id) as
      RawRound | undefined
    return r && toRecord(r)
  }

  async byKey(unitId: string, template: string, period: string) {
    const r = this.db
      .prepare(`SELECT ${COLUMNS} FROM rounds WHERE unit_id = ? AND template = ? AND period = ?`)
      .get(unitId, template, period) as RawRound | undefined
    return r && toRecord(r)
  }

  async list(unitIds?: string[]) {
    if (unitIds?.length === 0) return []
    const rows = unitIds
      ? this.db
          .prepare(
            `SELECT ${COLUMNS} FROM rounds WHERE unit_id IN (SELECT value FROM json_each(?))
             ORDER BY created_at, rowid`,
          )
          .all(JSON.stringify(unitIds))
      : this.db.prepare(`SELECT ${COLUMNS} FROM rounds ORDER BY created_at, rowid`).all()
    return (rows as RawRound[]).map(toRecord)
  }

  async listByTemplate(template: string) {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM rounds WHERE template = ? ORDER BY created_at, rowid`)
      .all(template) as RawRound[]
    return rows.map(toRecord)
  }

  async sheets(roundId: string) {
    return this.sheetsOf([roundId])
  }

  async sheetsOf(roundIds: string[]) {
    if (roundIds.length === 0) return []
    return this.db
      .prepare(
        `SELECT round_id AS roundId, unit_id AS unitId, sheet_id AS sheetId, written_seq AS writtenSeq
         FROM round_sheets
         WHERE round_id IN (SELECT value FROM json_each(?)) ORDER BY round_id, ord`,
      )
      .all(JSON.stringify(roundIds)) as RoundSheet[]
  }

  async roundsOfSheets(sheetIds: string[]) {
    const out = new Map<string, RoundRecord>()
    if (sheetIds.length === 0) return out
    const rows = this.db
      .prepare(
        `SELECT rs.sheet_id AS sheetId, ${COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1r.$2')}
         FROM round_sheets rs JOIN rounds r ON r.id = rs.round_id
         WHERE rs.sheet_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(sheetIds)) as (RawRound & { sheetId: string })[]
    for (const { sheetId, ...r } of rows) out.set(sheetId, toRecord(r))
    return out
  }

  async markReady(id: string) {
    this.db.prepare('UPDATE rounds SET ready = 1 WHERE id = ?').run(id)
  }

  async markWritten(sheetId: string, seq: number) {
    this.db.prepare('UPDATE round_sheets SET written_seq = ? WHERE sheet_id = ?').run(seq, sheetId)
  }

  async unfinished() {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM rounds WHERE ready = 0 ORDER BY created_at, rowid`)
      .all() as RawRound[]
    return rows.map(toRecord)
  }

  async addReminders(reminders: Omit<Reminder, 'at'>[]) {
    const at = new Date().toISOString()
    const insert = this.db.prepare(
      'INSERT INTO round_reminders (round_id, unit_id, message, sent_by, at) VALUES (?, ?, ?, ?, ?)',
    )
    this.db.transaction(() => {
      for (const r of reminders) insert.run(r.roundId, r.unitId, r.message, r.by, at)
    })()
  }

  async remindersFor(unitIds: string[]) {
    if (unitIds.length === 0) return []
    return this.db
      .prepare(
        `SELECT round_id AS roundId, unit_id AS unitId, message, sent_by AS "by", at
         FROM round_reminders WHERE unit_id IN (SELECT value FROM json_each(?))
         ORDER BY id DESC`,
      )
      .all(JSON.stringify(unitIds)) as Reminder[]
  }

  async reminders(roundId: string) {
    return this.db
      .prepare(
        `SELECT round_id AS roundId, unit_id AS unitId, message, sent_by AS "by", at
         FROM round_reminders WHERE round_id = ? ORDER BY id DESC`,
      )
      .all(roundId) as Reminder[]
  }

  async sheetTimes(sheetIds: string[]) {
    const out = new Map<string, SheetTimes>()
    if (sheetIds.length === 0) return out
    const rows = this.db
      .prepare(
        `SELECT sheet_id AS sheetId,
           MAX(CASE WHEN action = 'submit' THEN at END) AS submittedAt,
           MAX(CASE WHEN action = 'accept' THEN at END) AS acceptedAt
         FROM workflow_events WHERE sheet_id IN (SELECT value FROM json_each(?))
         GROUP BY sheet_id`,
      )
      .all(JSON.stringify(sheetIds)) as (SheetTimes & { sheetId: string })[]
    for (const { sheetId, ...times } of rows) out.set(sheetId, times)
    return out
  }
}
