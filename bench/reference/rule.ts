/**
 * @module rules/rule
 * The shape of a row rule, shared by the ledger and scoring rule lists, and the small
 * readers rules use to look at stored cells. Rules are data (an array of these), so
 * the server and the browser run exactly the same list.
 *
 * Readers return null for an empty cell AND for a cell that holds something of the
 * wrong type (text kept in a count column): "a rule that compares cells stays silent
 * while one of them is empty" (SPEC §2.1), and an unreadable cell already has its own
 * `type` finding. Not for: per-cell type/range checks (see `rules/cellRules`).
 *
 * FROZEN REFERENCE (bench/consolidate): a copy of the hand-written code the template
 * language replaced (schema at commit 0d0c316), kept unchanged so the benchmark can time
 * the data-defined built-ins against it in the same run (after checking that both give
 * the same findings and figures). Not used by the product; do not edit.
 */
import type { CellValue, GridTemplate, Row, Severity } from '@taizhang/schema'

/** What a rule may need besides the row: the template and today's date (`YYYY-MM-DD`). */
export interface RuleContext {
  template: GridTemplate
  today: string
}

/** One cross-field rule: reported on `column` with `severity` when `check` returns a message. */
export interface RowRule {
  id: string
  severity: Severity
  column: string
  check(row: Row, ctx: RuleContext): string | null
}

// Same characters as String.prototype.trim; a test allocates nothing, unlike trim().
const BLANK = /^\s*$/

/** True for a cell nobody has filled (null, missing, or only spaces). */
export function isEmptyCell(value: CellValue | undefined): boolean {
  if (value === null || value === undefined) return true
  return typeof value === 'string' && BLANK.test(value)
}

/** The cell as a finite number, or null when empty or not a number. */
export function num(row: Row, column: string): number | null {
  const v = row[column]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** The cell as a non-empty string, or null. */
export function str(row: Row, column: string): string | null {
  const v = row[column]
  return typeof v === 'string' && v.trim() !== '' ? v : null
}

/**
 * 正式党员数 + 预备党员数, or null when both are empty (or unreadable). One of the two
 * left empty counts as 0: people often fill only the cell that applies.
 */
export function memberSum(row: Row): number | null {
  const members = num(row, 'members')
  const probationary = num(row, 'probationary')
  if (members === null && probationary === null) return null
  // One of them holds unreadable text: its real value is unknown, so stay silent.
  if (members === null && !isEmptyCell(row.members)) return null
  if (probationary === null && !isEmptyCell(row.probationary)) return null
  return (members ?? 0) + (probationary ?? 0)
}
