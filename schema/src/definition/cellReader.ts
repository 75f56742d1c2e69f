/**
 * @module definition/cellReader
 * What a stored cell means to a condition (SPEC §7): empty, a value of its column's type,
 * or unreadable text. Two readings, one per place a condition runs:
 * - in a rule, a cell is EMPTY (null, missing, only spaces), a value (a finite number in a
 *   number column — 元 rounded to 分 —, true/false in a yes/no column, an option of the
 *   column, a real `YYYY-MM-DD` date, a non-blank string in a text column), or UNREADABLE
 *   (anything else: text kept in a count column, 是 stored as a string, an unknown option).
 *   A number outside the column's range is still a number: its `range` finding is its own.
 * - in an indicator, only a valid value counts (SPEC §2.4 "a cell that could not be read
 *   counts as empty"): unreadable cells and numbers that break the column's range or
 *   whole-number rule read as EMPTY, so an indicator never sees UNREADABLE.
 * A scoring sheet's computed columns read what `scoring/computeScore` computes from the
 * scores (`total` 总分, `grade` 等次), never the stored cell, once per row.
 * Not for: checking a cell against its column (`rules/cellRules`) or parsing typed text.
 */
import { isIsoDate, checkNumberRange } from '../rules/cellRules'
import { isEmptyCell } from '../rules/rule'
import { computeTotal, gradeOf } from '../scoring/computeScore'
import type { Column, Row, ScoringTemplate } from '../templates/types'

export type Value = number | string | boolean

/** A cell nobody filled. */
export const EMPTY: unique symbol = Symbol('empty')
/** A cell holding something its column cannot read. */
export const UNREADABLE: unique symbol = Symbol('unreadable')
export type Read = Value | typeof EMPTY | typeof UNREADABLE

/** Where conditions run: rules (three-valued) or indicators (unknown counts as false). */
export type Mode = 'rule' | 'indicator'

/**
 * What one evaluation sees: the row, today, what the compiled conditions worked out for it,
 * and its computed 总分/等次 once read. `reads` and `facts` are filled per row by
 * `ConditionProgram.run`, sized by the compile context and program the env was made for.
 */
export interface Env {
  row: Row
  today: string
  /** Each column the conditions use, read once: slot → value, EMPTY or UNREADABLE. */
  reads: Read[]
  /** Each distinct condition's value: slot → TRUE / FALSE / UNKNOWN. */
  facts: Uint8Array
  /** undefined until read; null when no score is entered. */
  total: number | null | undefined
  grade: string | null | undefined
}

const NO_FACTS = new Uint8Array(0)

/** An env for `row`, with room for `reads` column reads and `facts` condition values. */
export function newEnv(row: Row, today: string, reads = 0, facts: Uint8Array = NO_FACTS): Env {
  return {
    row,
    today,
    reads: new Array<Read>(reads).fill(EMPTY),
    facts,
    total: undefined,
    grade: undefined,
  }
}

/** Point a reused env at the next row. */
export function moveEnv(env: Env, row: Row): void {
  env.row = row
  env.total = undefined
  env.grade = undefined
}

export type Reader = (env: Env) => Read

/** 元 to 分: money is compared and summed in whole 分. */
export const toFen = (v: number): number => Math.round(v * 100) / 100

const NUMBER_TYPES = new Set(['integer', 'money', 'score'])
const TEXT_TYPES = new Set(['text', 'longText', 'creditCode', 'phone', 'attachment'])

/** The computed columns a scoring template has, by id. */
export const COMPUTED_IDS = new Set(['total', 'grade'])

/** Reads one column's cell, as a rule or an indicator sees it. */
export function columnReader(column: Column, mode: Mode, scoring: ScoringTemplate | null): Reader {
  const id = column.id
  const bad: Read = mode === 'rule' ? UNREADABLE : EMPTY
  const type = column.type
  if (NUMBER_TYPES.has(type)) {
    const money = type === 'money'
    if (mode === 'indicator') {
      return (env) => {
        const v = env.row[id]
        if (typeof v !== 'number' || !Number.isFinite(v) || checkNumberRange(column, v) !== null) {
          return EMPTY
        }
        return money ? toFen(v) : v
      }
    }
    return (env) => {
      const v = env.row[id]
      if (typeof v === 'number') return Number.isFinite(v) ? (money ? toFen(v) : v) : UNREADABLE
      return isEmptyCell(v) ? EMPTY : UNREADABLE
    }
  }
  if (TEXT_TYPES.has(type)) {
    return (env) => {
      const v = env.row[id]
      if (typeof v === 'string') return isEmptyCell(v) ? EMPTY : v
      return v === null || v === undefined ? EMPTY : bad
    }
  }
  switch (type) {
    case 'yesno':
      return (env) => {
        const v = env.row[id]
        if (typeof v === 'boolean') return v
        return isEmptyCell(v) ? EMPTY : bad
      }
    case 'date':
      return (env) => {
        const v = env.row[id]
        if (isIsoDate(v)) return v
        return isEmptyCell(v) ? EMPTY : bad
      }
    case 'option': {
      const options = column.options ? new Set(column.options) : null
      return (env) => {
        const v = env.row[id]
        if (typeof v === 'string' && (options === null || options.has(v))) return v
        return isEmptyCell(v) ? EMPTY : bad
      }
    }
    case 'computed':
      return computedReader(id, scoring)
    default:
      return () => EMPTY
  }
}

function computedReader(id: string, scoring: ScoringTemplate | null): Reader {
  if (scoring === null || !COMPUTED_IDS.has(id)) return () => EMPTY
  const total = (env: Env): number | null =>
    env.total === undefined ? (env.total = computeTotal(scoring, env.row)) : env.total
  if (id === 'total') {
    return (env) => total(env) ?? EMPTY
  }
  return (env) => {
    if (env.grade === undefined) env.grade = gradeOf(scoring, total(env))
    return env.grade ?? EMPTY
  }
}

/** The options a column's values come from: its own, or a scoring template's grades. */
export function optionsOf(
  column: Column,
  scoring: ScoringTemplate | null,
): readonly string[] | null {
  if (column.type === 'option') return column.options ?? null
  if (column.type === 'computed' && column.id === 'grade' && scoring) {
    return scoring.grades.map((g) => g.grade)
  }
  return null
}

/** How a number column is summed exactly: in whole units, 分, or thousandths of a point. */
export function sumScale(column: Column): number {
  if (column.type === 'integer') return 1
  if (column.type === 'money') return 100
  return 1000
}
