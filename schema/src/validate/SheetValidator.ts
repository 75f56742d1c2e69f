/**
 * @module validate/SheetValidator
 * Incremental validation of a whole sheet: per-row findings (see `validate/validateRow`)
 * plus the template's cross-row `unique` checks — for the 网格台账 `credit-code-duplicate`
 * (SPEC §2.1) — kept up to date one row at a time so a 10,000-row sheet never re-runs
 * everything when one cell changes.
 *
 * Repeats: values are compared by the check's key (credit codes after normalising — trim,
 * 全角→半角, upper case — and only valid ones: an invalid code already has
 * `credit-code-invalid` and is not also reported as a duplicate). In every group of rows
 * sharing a key, every row after the FIRST in sheet order is flagged. Sheet order is the
 * `order` given (row ids, e.g. the `_pos` order of the Yjs document; change it with
 * `setOrder`); rows not listed there come after, in the order they were first set
 * (replacing a row keeps its place; a removed and re-added row counts as new).
 *
 * Each check's index maps a key to its rows in sheet order; a row is a repeat exactly when
 * it is not the first of its group. So setting or removing one row re-validates only that
 * row, and at most the first rows of its old and new groups change their flag.
 *
 * A template without `unique` checks (the built-in 评分表: one organisation may be scored
 * twice) gets per-row findings only. Not for: reading the Yjs document (callers pass plain
 * rows).
 */
import type { UniqueCheck } from '../definition/compileRules'
import { compileTemplate, type CompiledTemplate } from '../definition/compileTemplate'
import { localToday } from '../rules/today'
import type { Finding, GridTemplate, Row } from '../templates/types'
import type { ValidateOptions } from './validateRow'

export interface SheetValidatorOptions extends ValidateOptions {
  /** Row ids in sheet order; decides which occurrence of a repeated value is "first". */
  order?: readonly string[]
}

export interface FindingCounts {
  error: number
  warning: number
}

/** One `unique` check's index: each key's rows in sheet order. */
interface UniqueIndex {
  check: UniqueCheck
  /** rowId → its key. */
  keyOf: Map<string, string>
  /** key → row ids holding it, in sheet order. */
  byKey: Map<string, string[]>
}

/** Findings of a whole sheet, kept up to date row by row. */
export class SheetValidator {
  readonly template: GridTemplate
  readonly #today: string | undefined
  readonly #compiled: CompiledTemplate
  readonly #indexes: UniqueIndex[]
  readonly #own = new Map<string, Finding[]>()
  /** When each row was first set, for rows outside `order`. */
  readonly #seq = new Map<string, number>()
  #nextSeq = 0
  #orderIndex = new Map<string, number>()
  readonly #counts: FindingCounts = { error: 0, warning: 0 }

  constructor(template: GridTemplate, opts: SheetValidatorOptions = {}) {
    this.template = template
    this.#today = opts.today
    this.#compiled = compileTemplate(template)
    this.#indexes = this.#compiled.uniques.map((check) => ({
      check,
      keyOf: new Map(),
      byKey: new Map(),
    }))
    if (opts.order) this.#orderIndex = indexOf(opts.order)
  }

  /** Number of rows held. */
  get size(): number {
    return this.#own.size
  }

  /** Add or replace a row; returns the ids of rows whose findings changed. */
  setRow(row: Row): Set<string> {
    const id = row.id
    if (!this.#seq.has(id)) this.#seq.set(id, this.#nextSeq++)
    const indexes = this.#indexes
    const newKeys = indexes.map((x) => x.check.keyOf(row))
    const before = this.#snapshot(id, newKeys)
    this.#own.set(id, this.#compiled.validateRow(row, this.#today ?? localToday()))
    indexes.forEach((x, i) => this.#rekey(x, id, newKeys[i]))
    return this.#settle(before)
  }

  /** Remove a row (a deleted row takes no part in the sheet); returns changed row ids. */
  removeRow(rowId: string): Set<string> {
    if (!this.#own.has(rowId)) return new Set()
    const before = this.#snapshot(
      rowId,
      this.#indexes.map(() => undefined),
    )
    this.#own.delete(rowId)
    this.#seq.delete(rowId)
    for (const x of this.#indexes) this.#rekey(x, rowId, undefined)
    return this.#settle(before)
  }

  /** Change the sheet order (rows moved); returns the ids whose findings changed. */
  setOrder(order: readonly string[]): Set<string> {
    const next = indexOf(order)
    const groups = this.#indexes.flatMap((x) =>
      [...x.byKey.values()].filter((ids) => ids.length > 1),
    )
    const before = new Map<string, Finding[]>()
    const sorted = groups.map((ids) =>
      [...ids].sort((a, b) => this.#position(a, next) - this.#position(b, next)),
    )
    groups.forEach((ids, g) => {
      for (const id of [ids[0]!, sorted[g]![0]!]) {
        if (!before.has(id)) before.set(id, this.rowFindings(id))
      }
    })
    this.#orderIndex = next
    groups.forEach((ids, g) => ids.splice(0, ids.length, ...sorted[g]!))
    return this.#settle(before)
  }

  /**
   * Replace the whole sheet at once (opening a sheet, a full re-check): faster than
   * setting rows one by one because nothing needs comparing. Sheet order is the order
   * of `rows` unless an `order` was given.
   */
  load(rows: Iterable<Row>): void {
    this.#own.clear()
    this.#seq.clear()
    for (const x of this.#indexes) {
      x.keyOf.clear()
      x.byKey.clear()
    }
    this.#nextSeq = 0
    // One date for the whole load (a Date per row cost more than some rules).
    const today = this.#today ?? localToday()
    for (const row of rows) {
      const id = row.id
      if (!this.#seq.has(id)) this.#seq.set(id, this.#nextSeq++)
      this.#own.set(id, this.#compiled.validateRow(row, today))
      // The same id twice: the last one wins.
      for (const x of this.#indexes) this.#rekey(x, id, x.check.keyOf(row))
    }
    this.#counts.error = 0
    this.#counts.warning = 0
    for (const id of this.#own.keys()) {
      for (const f of this.rowFindings(id)) this.#counts[f.severity]++
    }
  }

  /** Findings of one row (its own, then one per `unique` check it repeats). */
  rowFindings(rowId: string): Finding[] {
    const own = this.#own.get(rowId)
    if (!own) return []
    let out = own
    for (const x of this.#indexes) {
      const key = x.keyOf.get(rowId)
      if (key === undefined || x.byKey.get(key)![0] === rowId) continue
      if (out === own) out = [...own]
      out.push(repeatFinding(x.check, rowId, key))
    }
    return out
  }

  /** Every finding, rows in sheet order. */
  findings(): Finding[] {
    const ids = [...this.#own.keys()]
    if (this.#orderIndex.size > 0) ids.sort((a, b) => this.#position(a) - this.#position(b))
    const out: Finding[] = []
    for (const id of ids) for (const f of this.rowFindings(id)) out.push(f)
    return out
  }

  /** How many findings of each severity the sheet has now. */
  counts(): FindingCounts {
    return { ...this.#counts }
  }

  /** Sheet position: listed rows by `order`, the others after them by first set. */
  #position(rowId: string, order: Map<string, number> = this.#orderIndex): number {
    const listed = order.get(rowId)
    if (listed !== undefined) return listed
    return order.size + (this.#seq.get(rowId) ?? Number.MAX_SAFE_INTEGER)
  }

  /** Moves a row to the group of its new key (or out of every group). */
  #rekey(x: UniqueIndex, rowId: string, key: string | undefined): void {
    const old = x.keyOf.get(rowId)
    if (old === key) return
    if (old !== undefined) {
      x.keyOf.delete(rowId)
      const ids = x.byKey.get(old)!
      const i = ids.indexOf(rowId)
      if (i >= 0) ids.splice(i, 1)
      if (ids.length === 0) x.byKey.delete(old)
    }
    if (key === undefined) return
    x.keyOf.set(rowId, key)
    const ids = x.byKey.get(key)
    if (!ids) {
      x.byKey.set(key, [rowId])
      return
    }
    // Binary search for the sheet position; appending (the usual case) is O(1).
    const pos = this.#position(rowId)
    let lo = 0
    let hi = ids.length
    if (this.#position(ids[hi - 1]!) < pos) lo = hi
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.#position(ids[mid]!) < pos) lo = mid + 1
      else hi = mid
    }
    ids.splice(lo, 0, rowId)
  }

  /**
   * Findings, before a change, of every row the change can affect: the row itself and, in
   * each index, the first two rows of its old group (the second becomes first when the row
   * was first and leaves) and the first row of its new group (it loses the first place when
   * the row joins before it).
   */
  #snapshot(rowId: string, newKeys: readonly (string | undefined)[]): Map<string, Finding[]> {
    const before = new Map<string, Finding[]>([[rowId, this.rowFindings(rowId)]])
    const note = (id: string | undefined): void => {
      if (id !== undefined && !before.has(id)) before.set(id, this.rowFindings(id))
    }
    this.#indexes.forEach((x, i) => {
      const old = x.keyOf.get(rowId)
      if (old === newKeys[i]) return
      if (old !== undefined) {
        const ids = x.byKey.get(old)!
        note(ids[0])
        note(ids[1])
      }
      const key = newKeys[i]
      if (key !== undefined) note(x.byKey.get(key)?.[0])
    })
    return before
  }

  /** Compare affected rows with their snapshot, update counts, return the changed ids. */
  #settle(before: Map<string, Finding[]>): Set<string> {
    const changed = new Set<string>()
    for (const [id, old] of before) {
      const now = this.rowFindings(id)
      if (sameFindings(old, now)) continue
      changed.add(id)
      for (const f of old) this.#counts[f.severity]--
      for (const f of now) this.#counts[f.severity]++
    }
    return changed
  }
}

const indexOf = (order: readonly string[]): Map<string, number> =>
  new Map(order.map((id, i) => [id, i]))

function repeatFinding(check: UniqueCheck, rowId: string, key: string): Finding {
  return {
    rowId,
    column: check.column,
    rule: check.id,
    severity: check.severity,
    message: check.message(key),
  }
}

function sameFindings(a: Finding[], b: Finding[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (
      x.rule !== y.rule ||
      x.column !== y.column ||
      x.severity !== y.severity ||
      x.message !== y.message
    ) {
      return false
    }
  }
  return true
}

/** All findings of a sheet at once; "first" for duplicates follows the order of `rows`. */
export function validateSheet(
  template: GridTemplate,
  rows: readonly Row[],
  opts: ValidateOptions = {},
): Finding[] {
  const validator = new SheetValidator(template, opts)
  validator.load(rows)
  return validator.findings()
}
