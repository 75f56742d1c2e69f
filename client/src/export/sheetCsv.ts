/**
 * @module export/sheetCsv
 * The offline CSV of a sheet, the same text the server writes (SPEC §5): schema's
 * `csvTable` (header of Chinese labels, 是/否, a leading `'` before text starting with
 * = + - @) with CRLF line ends and a UTF-8 BOM for Excel.
 * Not for: xlsx (sheetWorkbook.ts).
 */
import Papa from 'papaparse'
import { csvTable, type GridTemplate, type Row } from '@taizhang/schema'

/** The sheet as CSV text, BOM included. */
export function sheetCsvText(template: GridTemplate, rows: readonly Row[]): string {
  const text = Papa.unparse(csvTable(template, rows), { newline: '\r\n', quotes: false })
  return `\uFEFF${text}\r\n`
}
