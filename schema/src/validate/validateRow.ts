/**
 * @module validate/validateRow
 * All findings of one row on its own: the cell checks of every column (`required`,
 * `type`, `range`, `option`, `score-range`), then the template's rules and named checks
 * (compiled once per template, `definition/compileTemplate`). Cross-row checks (`unique`:
 * credit-code duplicates) need the whole sheet: see `validate/SheetValidator`.
 * The same function runs in the browser while a person types and on the server.
 */
import { compileTemplate } from '../definition/compileTemplate'
import { localToday } from '../rules/today'
import type { Finding, GridTemplate, Row } from '../templates/types'

export interface ValidateOptions {
  /** Today as `YYYY-MM-DD` for rules that read `{"today": true}`; defaults to the local date. */
  today?: string
}

/** Findings of one row: cell checks in column order, then the template's rules and checks. */
export function validateRow(
  template: GridTemplate,
  row: Row,
  opts: ValidateOptions = {},
): Finding[] {
  return compileTemplate(template).validateRow(row, opts.today ?? localToday())
}
