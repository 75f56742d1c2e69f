/**
 * @module templates/columns
 * Column lists and lookups derived from a template, so callers never re-derive
 * "all columns of a scoring sheet" (leading + one score column per criterion + trailing).
 * The built-ins by kind or id: `templates/builtins`.
 */
import { criterionColumn } from '../definition/column'
import type { Column, GridTemplate } from './types'

/** Every column of a grid template, in display order. */
export function columnsOf(template: GridTemplate): Column[] {
  if (template.kind === 'ledger') return template.columns
  return [...template.leading, ...template.criteria.map(criterionColumn), ...template.trailing]
}

/** Header text of a column as exports write it: label plus `(unit)`, or `(max分)` for scores. */
export function headerLabel(column: Column): string {
  if (column.unit) return `${column.label}(${column.unit})`
  if (column.type === 'score' && column.max !== undefined) return `${column.label}(${column.max}分)`
  return column.label
}
