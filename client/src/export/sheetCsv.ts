/**
 * @module export/sheetCsv
 * The offline CSV of a sheet, the same text the server writes (SPEC §5): UTF-8 with a
 * BOM for Excel, CRLF, one header row of Chinese labels, yes/no as 是/否, and text
 * starting with = + - @ given a leading `'` (schema's `csvText`).
 * Not for: xlsx (sheetWorkbook.ts).
 */
import Papa from 'papaparse'
import {
  columnsOf,
  csvText,
  exportText,
  headerLabel,
  withComputed,
  type GridTemplate,
  type Row,
} from '@taizhang/schema'

/** The sheet as CSV text, BOM included. */
export function sheetCsvText(template: GridTemplate, rows: readonly Row[]): string {
  const columns = columnsOf(template)
  const header = columns.map((c) => csvText(headerLabel(c)))
  const data = rows.map((stored) => {
    const row = withComputed(template, stored)
    return columns.map((c) => csvText(exportText(c, row[c.id])))
  })
  return `\uFEFF${Papa.unparse([header, ...data], { newline: '\r\n', quotes: false })}\r\n`
}
