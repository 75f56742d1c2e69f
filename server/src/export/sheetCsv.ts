/**
 * @module export/sheetCsv
 * A ledger or scoring sheet as CSV for Excel (SPEC §5): schema's `csvTable` (header of
 * Chinese labels, 是/否, the formula rule) with CRLF line ends and a UTF-8 BOM (without it
 * Excel in China reads the file as GBK and shows mojibake).
 * Not for: xlsx (sheetXlsx.ts).
 */
import Papa from 'papaparse'
import { csvTable, type GridTemplate, type Row } from '@taizhang/schema'

const BOM = '\uFEFF'

/** The sheet as CSV bytes. */
export function writeSheetCsv({
  template,
  rows,
}: {
  template: GridTemplate
  rows: readonly Row[]
}): Buffer {
  // escapeFormulae stays off: the leading ' is added by csvText, for every writer alike.
  const text = Papa.unparse(csvTable(template, rows), { newline: '\r\n', quotes: false })
  return Buffer.from(BOM + text + '\r\n', 'utf8')
}
