/**
 * @module rules/rule
 * The shape of a row rule — what a template's compiled rules and named checks are
 * (`definition/compileRules`) — and the small readers the named checks use to look at
 * stored cells. The server and the browser run exactly the same list.
 * Not for: per-cell type/range checks (see `rules/cellRules`) or what a cell means in a
 * condition (see `definition/cellReader`).
 */
import type { CellValue, GridTemplate, Row, Severity } from '../templates/types'

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

/** The cell as a non-empty string, or null. */
export function str(row: Row, column: string): string | null {
  const v = row[column]
  return typeof v === 'string' && v.trim() !== '' ? v : null
}
