/**
 * @module validate/SheetValidator
 * Incremental validation of a whole sheet: per-row findings (see `validate/validateRow`)
 * plus the cross-row rule `credit-code-duplicate` (SPEC §2.1), kept up to date one row
 * at a time so a 10,000-row sheet never re-runs everything when one cell changes.
 *
 * Duplicates: codes are compared after normalising (trim, 全角→半角, upper case). Only
 * valid codes take part — an invalid code already has `credit-code-invalid` and is not
 * also reported as a duplicate. In every group of rows sharing a code, every row after
 * the FIRST in sheet order is flagged. Sheet order is the `order` given (row ids, e.g.
 * the `_pos` order of the Yjs document; change it with `setOrder`); rows not listed
 * there come after, in the order they were first set (replacing a row keeps its place;
 * a removed and re-added row counts as new).
 *
 * The index maps each code to its rows in sheet order; a row is a duplicate exactly when
 * it is not the first of its group. So setting or removing one row re-validates only
 * that row, and at most the first rows of its old and new groups change their flag.
 *
 * Applies to ledger templates (the duplicate rule is a §2.1 rule); a scoring sheet gets
 * per-row findings only. Not for: reading the Yjs document (callers pass plain rows).
 *
 * FROZEN REFERENCE (bench/consolidate): a copy of the hand-written code the template
 * language replaced (schema at commit 0d0c316), kept unchanged so the benchmark can time
 * the data-defined built-ins against it in the same run (after checking that both give
 * the same findings and figures). Not used by the product; do not edit.
 */
import {
  columnsOf,
  validCreditCodeOf,
  type Finding,
  type GridTemplate,
  type Row,
} from '@taizhang/schema'
import { validateRow, type ValidateOptions } from './validateRow'

export interface SheetValidatorOptions extends ValidateOptions {
  /** Row ids in sheet order; decides which occurrence of a repeated code is "first". */
  order?: readonly string[]
}

export interface FindingCounts {
  error: number
  warning: number
}

/** Findings of a whole sheet, kept up to date row by row. */
export class SheetValidator {
  readonly template: GridTemplate
  readonly #today: string | undefined
  /** The credit-code column checked for duplicates, or null (scoring sheets). */
  readonly #codeColumn: string | null
  readonly #own = new Map<string, Finding[]>()
  /** When each row was first set, for rows outside `order`. */
  readonly #seq = new Map<string, number>()
  #nextSeq = 0
  #orderIndex = new Map<string, number>()
  /** rowId → its normalised, valid code. */
  readonly #codeOf = new Map<string, string>()
  /** normalised code → row ids holding it, in sheet order. */
  readonly #byCode = new Map<string, string[]>()
  readonly #counts: FindingCounts = { error: 0, warning: 0 }

  constructor(template: GridTemplate, opts: SheetValidatorOptions = {}) {
    this.template = template
    this.#today = opts.today
    const codeColumn =
      template.kind === 'ledger'
        ? columnsOf(template).find((c) => c.type === 'creditCode')
        : undefined
    this.#codeColumn = codeColumn?.id ?? null
    if (opts.order) this.#indexOrder(opts.order)
  }

  /** Number of rows held. */
  get size(): number {
    return this.#own.size
  }

  /** Add or replace a row; returns the ids of rows whose findings changed. */
  setRow(row: Row): Set<string> {
    const id = row.id
    if (!this.#seq.has(id)) this.#seq.set(id, this.#nextSeq++)
    const oldCode = this.#codeOf.get(id)
    const newCode = this.#codeIn(row)
    const before = this.#snapshot(id, oldCode, newCode)
    this.#own.set(id, validateRow(this.template, row, { today: this.#today }))
    if (oldCode !== newCode) {
      if (oldCode !== undefined) this.#leave(id, oldCode)
      if (newCode !== undefined) this.#join(id, newCode)
    }
    return this.#settle(before, oldCode, newCode)
  }

  /** Remove a row (a deleted row takes no part in the sheet); returns changed row ids. */
  removeRow(rowId: string): Set<string> {
    if (!this.#own.has(rowId)) return new Set()
    const code = this.#codeOf.get(rowId)
    const before = this.#snapshot(rowId, code, undefined)
    this.#own.delete(rowId)
    this.#seq.delete(rowId)
    if (code !== undefined) this.#leave(rowId, code)
    return this.#settle(before, code, undefined)
  }

  /** Change the sheet order (rows moved); returns the ids whose findings changed. */
  setOrder(order: readonly string[]): Set<string> {
    const groups = [...this.#byCode.values()].filter((ids) => ids.length > 1)
    const before = new Map<string, Finding[]>()
    for (const ids of groups) before.set(ids[0]!, this.rowFindings(ids[0]!))
    this.#indexOrder(order)
    for (const ids of groups) {
      const oldFirst = ids[0]!
      ids.sort((a, b) => this.#position(a) - this.#position(b))
      const first = ids[0]!
      // A row that becomes first was flagged before.
      if (first !== oldFirst) before.set(first, this.#flagged(first))
    }
    return this.#settle(before, undefined, undefined)
  }

  /**
   * Replace the whole sheet at once (opening a sheet, a full re-check): faster than
   * setting rows one by one because nothing needs comparing. Sheet order is the order
   * of `rows` unless an `order` was given.
   */
  load(rows: Iterable<Row>): void {
    this.#own.clear()
    this.#seq.clear()
    this.#codeOf.clear()
    this.#byCode.clear()
    this.#nextSeq = 0
    for (const row of rows) {
      const id = row.id
      if (!this.#seq.has(id)) this.#seq.set(id, this.#nextSeq++)
      const oldCode = this.#codeOf.get(id)
      if (oldCode !== undefined) this.#leave(id, oldCode) // the same id twice: last wins
      this.#own.set(id, validateRow(this.template, row, { today: this.#today }))
      const code = this.#codeIn(row)
      if (code !== undefined) this.#join(id, code)
    }
    this.#counts.error = 0
    this.#counts.warning = 0
    for (const id of this.#own.keys()) {
      for (const f of this.rowFindings(id)) this.#counts[f.severity]++
    }
  }

  /** Findings of one row (its own, then a duplicate finding if any). */
  rowFindings(rowId: string): Finding[] {
    const own = this.#own.get(rowId)
    if (!own) return []
    const code = this.#codeOf.get(rowId)
    if (code === undefined || this.#byCode.get(code)![0] === rowId) return own
    return [...own, this.#duplicateFinding(rowId, code)]
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

  #indexOrder(order: readonly string[]): void {
    this.#orderIndex = new Map(order.map((id, i) => [id, i]))
  }

  /** Sheet position: listed rows by `order`, the others after them by first set. */
  #position(rowId: string): number {
    const listed = this.#orderIndex.get(rowId)
    if (listed !== undefined) return listed
    return this.#orderIndex.size + (this.#seq.get(rowId) ?? Number.MAX_SAFE_INTEGER)
  }

  #codeIn(row: Row): string | undefined {
    return this.#codeColumn === null ? undefined : validCreditCodeOf(row[this.#codeColumn])
  }

  #join(rowId: string, code: string): void {
    this.#codeOf.set(rowId, code)
    const ids = this.#byCode.get(code)
    if (!ids) {
      this.#byCode.set(code, [rowId])
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

  #leave(rowId: string, code: string): void {
    this.#codeOf.delete(rowId)
    const ids = this.#byCode.get(code)
    if (!ids) return
    const i = ids.indexOf(rowId)
    if (i >= 0) ids.splice(i, 1)
    if (ids.length === 0) this.#byCode.delete(code)
  }

  #first(code: string | undefined): string | undefined {
    return code === undefined ? undefined : this.#byCode.get(code)?.[0]
  }

  /**
   * Findings, before a change, of every row the change can affect: the row itself and
   * the first rows of its old and new code groups (only a group's first row can gain or
   * lose the duplicate flag when one member joins or leaves).
   */
  #snapshot(
    rowId: string,
    oldCode: string | undefined,
    newCode: string | undefined,
  ): Map<string, Finding[]> {
    const before = new Map<string, Finding[]>([[rowId, this.rowFindings(rowId)]])
    for (const first of [this.#first(oldCode), this.#first(newCode)]) {
      if (first !== undefined && !before.has(first)) before.set(first, this.rowFindings(first))
    }
    return before
  }

  /** Compare affected rows with their snapshot, update counts, return the changed ids. */
  #settle(
    before: Map<string, Finding[]>,
    oldCode: string | undefined,
    newCode: string | undefined,
  ): Set<string> {
    // The groups' first rows after the change may be new to the comparison; before the
    // change they were in the group but not first, i.e. flagged.
    for (const first of [this.#first(oldCode), this.#first(newCode)]) {
      if (first !== undefined && !before.has(first)) before.set(first, this.#flagged(first))
    }
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

  /** A row's findings as they are when it is flagged as a duplicate. */
  #flagged(rowId: string): Finding[] {
    return [...this.#own.get(rowId)!, this.#duplicateFinding(rowId, this.#codeOf.get(rowId)!)]
  }

  #duplicateFinding(rowId: string, code: string): Finding {
    return {
      rowId,
      column: this.#codeColumn ?? 'creditCode',
      rule: 'credit-code-duplicate',
      severity: 'error',
      message: `统一社会信用代码「${code}」与本表前面的一行重复`,
    }
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
