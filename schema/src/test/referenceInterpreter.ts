/**
 * @module test/referenceInterpreter
 * A straightforward interpreter of the template language (SPEC §7), for tests only: it
 * walks the definition itself for every row — no compiling, no closures, no accumulators,
 * no shared cell readers — following the SPEC's sentences one by one, so the property tests
 * can check that the compiled template (`definition/compileTemplate`) says the same thing on
 * random definitions and random rows. Slow on purpose; never used by the product.
 */
import { isIsoDate, checkCell } from '../rules/cellRules'
import type { Condition } from '../definition/condition'
import {
  isAdd,
  isColumnRef,
  isMul,
  isToday,
  type Expression,
  type Literal,
} from '../definition/expression'
import type { IndicatorDefinition } from '../definition/indicator'
import type { RuleDefinition } from '../definition/rule'
import { computeTotal, deductionsOf, gradeOf } from '../scoring/computeScore'
import { columnsOf } from '../templates/columns'
import type { CellValue, Column, GridTemplate, Row } from '../templates/types'

type Mode = 'rule' | 'indicator'
type Cell = { state: 'empty' } | { state: 'value'; value: Literal } | { state: 'unreadable' }

const EMPTY: Cell = { state: 'empty' }
const UNREADABLE: Cell = { state: 'unreadable' }

function blank(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '')
}

/** A cell as SPEC §7 and `definition/cellReader`'s comment describe it. */
function readCell(template: GridTemplate, column: Column, row: Row, mode: Mode): Cell {
  if (column.type === 'computed') {
    if (template.kind !== 'scoring') return EMPTY
    const total = computeTotal(template, row)
    if (column.id === 'total') return total === null ? EMPTY : { state: 'value', value: total }
    if (column.id === 'grade') {
      const grade = gradeOf(template, total)
      return grade === null ? EMPTY : { state: 'value', value: grade }
    }
    return EMPTY
  }
  const raw = row[column.id]
  if (blank(raw)) return EMPTY
  let cell: Cell = UNREADABLE
  switch (column.type) {
    case 'integer':
    case 'score':
      if (typeof raw === 'number' && Number.isFinite(raw)) cell = { state: 'value', value: raw }
      break
    case 'money':
      if (typeof raw === 'number' && Number.isFinite(raw)) {
        cell = { state: 'value', value: Math.round(raw * 100) / 100 }
      }
      break
    case 'yesno':
      if (typeof raw === 'boolean') cell = { state: 'value', value: raw }
      break
    case 'date':
      if (isIsoDate(raw)) cell = { state: 'value', value: raw }
      break
    case 'option':
      if (typeof raw === 'string' && (column.options ?? [raw]).includes(raw)) {
        cell = { state: 'value', value: raw }
      }
      break
    default:
      if (typeof raw === 'string') cell = { state: 'value', value: raw }
  }
  // In an indicator only a valid value counts: anything with a finding of its own is empty.
  if (mode === 'indicator' && (cell.state !== 'value' || checkCell(column, raw) !== null)) {
    return EMPTY
  }
  return cell
}

/** The value of an expression, or undefined for "no value". */
function evaluate(
  template: GridTemplate,
  e: Expression,
  row: Row,
  today: string,
  mode: Mode,
): Literal | undefined {
  if (typeof e !== 'object') return e
  if (isToday(e)) return today
  if (isColumnRef(e)) {
    const column = columnsOf(template).find((c) => c.id === e.col)!
    const cell = readCell(template, column, row, mode)
    if (cell.state === 'value') return cell.value
    if (cell.state === 'unreadable') return undefined
    if (e.ifEmpty !== undefined) return e.ifEmpty
    return column.type === 'yesno' ? false : undefined
  }
  const parts = (isAdd(e) ? e.add : isMul(e) ? e.mul : []).map((p) =>
    evaluate(template, p, row, today, mode),
  )
  if (mode === 'rule' && parts.some((v) => typeof v !== 'number')) return undefined
  const numbers = parts.map((v) => (typeof v === 'number' ? v : 0))
  const result = isAdd(e) ? numbers.reduce((a, b) => a + b, 0) : numbers.reduce((a, b) => a * b, 1)
  return Number(result.toPrecision(15))
}

/** Three-valued: true, false, or undefined (unknown). */
function holds(
  template: GridTemplate,
  c: Condition,
  row: Row,
  today: string,
  mode: Mode,
): boolean | undefined {
  if ('all' in c) {
    const vs = c.all.map((p) => holds(template, p, row, today, mode))
    if (vs.includes(false)) return false
    return vs.includes(undefined) ? undefined : true
  }
  if ('any' in c) {
    const vs = c.any.map((p) => holds(template, p, row, today, mode))
    if (vs.includes(true)) return true
    return vs.includes(undefined) ? undefined : false
  }
  if ('not' in c) {
    const v = holds(template, c.not, row, today, mode)
    return v === undefined ? undefined : !v
  }
  if (c.op === 'empty' || c.op === 'filled') {
    const ref = c.left as { col: string }
    const column = columnsOf(template).find((x) => x.id === ref.col)!
    const cell = readCell(template, column, row, mode)
    return c.op === 'empty' ? cell.state === 'empty' : cell.state === 'value'
  }
  // No value on either side: unknown, in a rule and in an indicator alike (an indicator
  // counts only rows where its condition ends up true).
  const a = evaluate(template, c.left, row, today, mode)
  if (a === undefined) return undefined
  if (c.op === 'in') return c.right.includes(a)
  const b = evaluate(template, (c as { right: Expression }).right, row, today, mode)
  if (b === undefined) return undefined
  switch (c.op) {
    case '==':
      return a === b
    case '!=':
      return a !== b
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '>':
      return a > b
    case '>=':
      return a >= b
  }
}

function shownValue(v: Literal | undefined): string {
  if (v === undefined) return ''
  if (typeof v === 'boolean') return v ? '是' : '否'
  return String(v)
}

/** A rule's message for a row, or null: when TRUE (or absent) and require FALSE (or absent). */
export function referenceRule(
  template: GridTemplate,
  rule: RuleDefinition,
  row: Row,
  today: string,
): string | null {
  if (rule.when && holds(template, rule.when, row, today, 'rule') !== true) return null
  if (rule.require && holds(template, rule.require, row, today, 'rule') !== false) return null
  return rule.message.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    if (rule.show && Object.hasOwn(rule.show, name)) {
      return shownValue(evaluate(template, rule.show[name]!, row, today, 'rule'))
    }
    const column = columnsOf(template).find((c) => c.id === name)
    if (column) {
      const cell = readCell(template, column, row, 'rule')
      if (cell.state === 'value') return shownValue(cell.value)
      return cell.state === 'unreadable' ? String(row[name]) : ''
    }
    if (name === 'today') return today
    if (name === 'deductions' && template.kind === 'scoring') {
      return deductionsOf(template, row).join('、')
    }
    throw new Error(`no placeholder ${name}`)
  })
}

/** Percent in tenths, half up, by long division on BigInt. */
function pct(num: number, den: number): number | null {
  if (den === 0) return null
  const scaled = BigInt(num) * 1000n
  const q = scaled / BigInt(den)
  return Number((scaled - q * BigInt(den)) * 2n >= BigInt(den) ? q + 1n : q) / 10
}

function scaleOf(column: Column): number {
  return column.type === 'integer' ? 1 : column.type === 'money' ? 100 : 1000
}

export type ReferenceFigure =
  number | { num: number; den: number; pct: number | null } | Record<string, number> | null

/** One indicator over rows (soft-deleted rows left out), with the ids of the rows behind it. */
export function referenceIndicator(
  template: GridTemplate,
  ind: IndicatorDefinition,
  rows: readonly Row[],
  today: string,
): { value: ReferenceFigure; met: boolean | null; rows: unknown } {
  const live = rows.filter((r) => r._deleted !== true)
  const where = (row: Row): boolean =>
    !('where' in ind) || !ind.where || holds(template, ind.where, row, today, 'indicator') === true
  const numberOf = (col: string, row: Row): number | undefined => {
    const v = evaluate(template, { col }, row, today, 'indicator')
    return typeof v === 'number' ? v : undefined
  }
  let value: ReferenceFigure
  let behind: unknown
  switch (ind.kind) {
    case 'count': {
      const ids = live.filter(where).map((r) => r.id)
      value = ids.length
      behind = { rowIds: ids }
      break
    }
    case 'sum': {
      const scale = scaleOf(columnsOf(template).find((c) => c.id === ind.col)!)
      let total = 0n
      const ids: string[] = []
      for (const row of live.filter(where)) {
        const v = Math.round((numberOf(ind.col, row) ?? 0) * scale)
        total += BigInt(v)
        if (v !== 0) ids.push(row.id)
      }
      value = Number(total) / scale
      behind = { rowIds: ids }
      break
    }
    case 'avg': {
      const scale = scaleOf(columnsOf(template).find((c) => c.id === ind.col)!)
      let total = 0n
      const ids: string[] = []
      for (const row of live.filter(where)) {
        const v = numberOf(ind.col, row)
        if (v === undefined) continue
        total += BigInt(Math.round(v * scale))
        ids.push(row.id)
      }
      if (ids.length === 0) value = null
      else {
        // Tenths, half up (toward +∞), of total / (n × scale).
        const d = BigInt(ids.length * scale)
        const n2 = total * 20n + d
        const d2 = d * 2n
        let q = n2 / d2
        if (n2 % d2 !== 0n && n2 < 0n) q -= 1n
        value = Number(q) / 10
      }
      behind = { rowIds: ids }
      break
    }
    case 'rate': {
      const den = live.filter(
        (r) => !ind.den || holds(template, ind.den, r, today, 'indicator') === true,
      )
      const num = den.filter((r) => holds(template, ind.num, r, today, 'indicator') === true)
      value = { num: num.length, den: den.length, pct: pct(num.length, den.length) }
      behind = { num: num.map((r) => r.id), den: den.map((r) => r.id) }
      break
    }
    case 'distribution': {
      const column = columnsOf(template).find((c) => c.id === ind.col)!
      const values: Literal[] =
        ind.values ??
        (column.type === 'option'
          ? column.options!
          : template.kind === 'scoring'
            ? template.grades.map((g) => g.grade)
            : [])
      const byValue: Record<string, string[]> = {}
      for (const v of values) {
        byValue[String(v)] = live
          .filter(
            (r) => where(r) && evaluate(template, { col: ind.col }, r, today, 'indicator') === v,
          )
          .map((r) => r.id)
      }
      value = Object.fromEntries(Object.entries(byValue).map(([k, ids]) => [k, ids.length]))
      behind = { byValue }
      break
    }
  }
  let met: boolean | null = null
  if (ind.target) {
    const x =
      value !== null && typeof value === 'object' ? (value as { pct: number | null }).pct : value
    if (typeof x === 'number') {
      const t = ind.target.value
      met = { '==': x === t, '!=': x !== t, '<': x < t, '<=': x <= t, '>': x > t, '>=': x >= t }[
        ind.target.op
      ]
    }
  }
  return { value, met, rows: behind }
}
