/**
 * @module export/sheetCsv
 * A ledger or scoring sheet as CSV for Excel (SPEC §5): UTF-8 with a BOM (without it
 * Excel in China reads the file as GBK and shows mojibake), CRLF line ends, one header
 * row of Chinese labels (`headerLabel`), yes/no as 是/否, and the formula rule: text
 * starting with = + - @ or tab/CR gets a leading `'`. No title or footer lines, so the
 * file is plain data for any tool.
 * Not for: xlsx (sheetXlsx.ts).
 */
import Papa from 'papaparse'
import {
  columnsOf,
  headerLabel,
  withComputed,
  type GridTemplate,
  type Row,
  exportText,
  csvText,
} from '@taizhang/schema'

const BOM = '\uFEFF'

/** The sheet as CSV bytes. */
export function writeSheetCsv({
  template,
  rows,
}: {
  template: GridTemplate
  rows: readonly Row[]
}): Buffer {
  const columns = columnsOf(template)
  const header = columns.map((c) => csvText(headerLabel(c)))
  const data = rows.map((stored) => {
    const row = withComputed(template, stored)
    return columns.map((c) => csvText(exportText(c, row[c.id])))
  })
  // escapeFormulae stays off: the leading ' is added by csvText, for every writer alike.
  const text = Papa.unparse([header, ...data], { newline: '\r\n', quotes: false })
  return Buffer.from(BOM + text + '\r\n', 'utf8')
}
