/**
 * @module validate/validateRow
 * All findings of one row on its own: the cell checks of every column (`required`,
 * `type`, `range`, `option`, `score-range`) and the template's per-row rules. Cross-row
 * rules (credit-code duplicates) need the whole sheet: see `validate/SheetValidator`.
 * The same function runs in the browser while a person types and on the server.
 *
 * FROZEN REFERENCE (bench/consolidate): a copy of the hand-written code the template
 * language replaced (schema at commit 0d0c316), kept unchanged so the benchmark can time
 * the data-defined built-ins against it in the same run (after checking that both give
 * the same findings and figures). Not used by the product; do not edit.
 */
import {
  checkCell,
  columnsOf,
  localToday,
  type Column,
  type Finding,
  type GridTemplate,
  type Row,
  type RuleContext,
} from '@taizhang/schema'
import { rulesFor } from './rulesFor'

export interface ValidateOptions {
  /** Today as `YYYY-MM-DD` for `date-in-future`; defaults to the local date. */
  today?: string
}

const columnCache = new WeakMap<GridTemplate, Column[]>()

function columnsCached(template: GridTemplate): Column[] {
  let columns = columnCache.get(template)
  if (!columns) {
    columns = columnsOf(template)
    columnCache.set(template, columns)
  }
  return columns
}

/** Findings of one row: cell checks in column order, then the template's rules. */
export function validateRow(
  template: GridTemplate,
  row: Row,
  opts: ValidateOptions = {},
): Finding[] {
  const findings: Finding[] = []
  const rowId = row.id
  for (const column of columnsCached(template)) {
    const p = checkCell(column, row[column.id])
    if (p) {
      findings.push({
        rowId,
        column: column.id,
        rule: p.rule,
        severity: p.severity,
        message: p.message,
      })
    }
  }
  const ctx: RuleContext = { template, today: opts.today ?? localToday() }
  for (const rule of rulesFor(template)) {
    const message = rule.check(row, ctx)
    if (message !== null) {
      findings.push({ rowId, column: rule.column, rule: rule.id, severity: rule.severity, message })
    }
  }
  return findings
}
