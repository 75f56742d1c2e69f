/**
 * @module schema/export/cellText
 * How a stored cell value (SPEC §6.3: string | number | boolean | null) appears in an
 * export, per column type: yes/no as 是/否, numbers stay numbers (xlsx) or plain digits
 * (CSV, PDF), dates as the stored `YYYY-MM-DD` text. Text a user typed into a number
 * column that could not be read is kept as text, so nothing is lost on export.
 * Not for: the formula rule (see `safeCell.ts`) or parsing text back (see schema `parse/`).
 */
import type { CellValue, Column } from '../templates/types'

/** A value ready for a spreadsheet cell: text, a number, or empty. */
export type ExportValue = string | number | null

const NUMERIC = new Set<Column['type']>(['integer', 'money', 'score', 'computed'])

/** The value of one cell as exports write it. */
export function exportValue(column: Column, value: CellValue | undefined): ExportValue {
  if (value === undefined || value === null || value === '') return null
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (column.type === 'yesno' && typeof value === 'number') return value ? '是' : '否'
  if (typeof value === 'number') {
    if (NUMERIC.has(column.type)) return value
    return String(value)
  }
  return value
}

/** The same value as plain text (CSV, PDF): numbers in ordinary decimal notation. */
export function exportText(column: Column, value: CellValue | undefined): string {
  const v = exportValue(column, value)
  if (v === null) return ''
  return typeof v === 'number' ? String(v) : v
}
