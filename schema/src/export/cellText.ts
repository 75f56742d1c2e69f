/**
 * @module schema/export/cellText
 * How a stored cell value (SPEC §6.3: string | number | boolean | null) reads as text,
 * written once for every place that shows one: `valueText` is the plain reading (yes/no as
 * 是/否, numbers as typed, unreadable text as it was kept) that the grid, the form view,
 * the editors, the panels and the rule messages build on; `exportValue` / `exportText` are the export's, per
 * column type: numbers stay numbers (xlsx) or plain digits (CSV, PDF), a yes/no column's
 * 1/0 reads 是/否, dates as the stored `YYYY-MM-DD` text. Text a user typed into a number
 * column that could not be read is kept as text, so nothing is lost on export.
 * Not for: the formula rule (see `safeCell.ts`) or parsing text back (see schema `parse/`).
 */
import type { CellValue, Column } from '../templates/types'

/** A value ready for a spreadsheet cell: text, a number, or empty. */
export type ExportValue = string | number | null

const NUMERIC = new Set<Column['type']>(['integer', 'money', 'score', 'computed'])

/** A stored value as plain text: empty as '', true/false as 是/否, anything else as is. */
export function valueText(value: CellValue | undefined): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'boolean') return value ? '是' : '否'
  return String(value)
}

/** The value of one cell as exports write it. */
export function exportValue(column: Column, value: CellValue | undefined): ExportValue {
  if (value === undefined || value === null || value === '') return null
  if (typeof value === 'number' && NUMERIC.has(column.type)) return value
  if (column.type === 'yesno' && typeof value === 'number') return value ? '是' : '否'
  return valueText(value)
}

/** The same value as plain text (CSV, PDF): numbers in ordinary decimal notation. */
export function exportText(column: Column, value: CellValue | undefined): string {
  const v = exportValue(column, value)
  if (v === null) return ''
  return typeof v === 'number' ? String(v) : v
}
