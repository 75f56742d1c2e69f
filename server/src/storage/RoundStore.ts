/**
 * @module storage/RoundStore
 * Reporting rounds (报送任务, SPEC §8): a round is issued at a unit for a template and a
 * period, with one sheet per target unit. Creating a round writes the round, every target's
 * sheet (status draft), the sheets' `create` workflow events and the round's sheet list in ONE
 * transaction, and at most once per issuing unit, template and period: the loser of a race (a
 * double click) gets `RoundExistsError` naming the winner. The sheets' cells (carried forward
 * from the last period) are written afterwards, in chunks, by `rounds/carryForward.ts`; the
 * round is `ready` once they are.
 * Also the 催报 (reminders) sent for a round. The records and the interface every backend
 * implements (`sqlite/SqliteRoundStore.ts`, `postgres/PgRoundStore.ts`).
 * Not for: who may issue or read a round (routes/rounds.ts with schema's permissions).
 */
import type { NewSheet } from './SheetStore'

export interface RoundRecord {
  id: string
  unitId: string
  /** The template id the round's sheets are made from. */
  template: string
  templateVersion: number
  period: string
  title: string
  dueDate: string
  carryForward: boolean
  createdBy: string | null
  createdAt: string
  /** Every sheet has its rows (carried forward); false while they are still being written. */
  ready: boolean
}

export interface NewRound {
  id: string
  unitId: string
  template: string
  templateVersion: number
  period: string
  title: string
  dueDate: string
  carryForward: boolean
  createdBy: string | null
}

export interface RoundSheet {
  roundId: string
  unitId: string
  sheetId: string
  /** The sheet's last log seq once its carried rows were written (null: not yet, or unknown). */
  writtenSeq: number | null
}

export interface Reminder {
  roundId: string
  unitId: string
  message: string | null
  by: string | null
  at: string
}

/** When a sheet was last submitted and last accepted (from the workflow log). */
export interface SheetTimes {
  submittedAt: string | null
  acceptedAt: string | null
}

/** A round with this issuing unit, template and period exists already. */
export class RoundExistsError extends Error {
  constructor(readonly roundId: string) {
    super('该单位已发布过这一期的报送任务')
  }
}

export interface RoundStore {
  /** Round, sheets, their create events and the round's sheet list, in one transaction. */
  create(round: NewRound, sheets: NewSheet[]): Promise<RoundRecord>
  byId(id: string): Promise<RoundRecord | undefined>
  /** The round of an issuing unit, template and period, if one exists. */
  byKey(unitId: string, template: string, period: string): Promise<RoundRecord | undefined>
  /** Rounds issued at the given units (all rounds when omitted), oldest first. */
  list(unitIds?: string[]): Promise<RoundRecord[]>
  /** Rounds of a template that have a sheet for one of `unitIds` (for carry forward, trend). */
  listByTemplate(template: string): Promise<RoundRecord[]>
  /** The target units and sheets of a round, in the order they were issued. */
  sheets(roundId: string): Promise<RoundSheet[]>
  /** The round sheets of many rounds at once. */
  sheetsOf(roundIds: string[]): Promise<RoundSheet[]>
  /** The round each of these sheets belongs to (sheets outside rounds left out). */
  roundsOfSheets(sheetIds: string[]): Promise<Map<string, RoundRecord>>
  markReady(id: string): Promise<void>
  /** Note the log seq a round sheet had right after it was written. */
  markWritten(sheetId: string, seq: number): Promise<void>
  /** Rounds whose sheets are not all written yet (a restart finishes them). */
  unfinished(): Promise<RoundRecord[]>
  addReminders(reminders: Omit<Reminder, 'at'>[]): Promise<void>
  /** Reminders sent to these units (every round), newest first. */
  remindersFor(unitIds: string[]): Promise<Reminder[]>
  reminders(roundId: string): Promise<Reminder[]>
  /** Last submit and accept of each sheet. */
  sheetTimes(sheetIds: string[]): Promise<Map<string, SheetTimes>>
}
