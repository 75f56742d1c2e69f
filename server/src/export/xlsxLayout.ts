/**
 * @module export/xlsxLayout
 * The look shared by every xlsx export (SPEC §5): a merged title row, the two-row merged
 * header, thin borders, widths, frozen header, A4 print setup with 第 x 页 共 y 页, and
 * the 填报单位/填报人/审核人/日期 and version footer. Works on both exceljs worksheets
 * (in-memory and the streaming writer), because the streaming writer is what keeps a
 * 10,000-row ledger under the 2 s target; merges are therefore placed before any row
 * below them is committed.
 * Layout (the importer `files/readTable` relies on it): row 1 title, row 2 the sheet
 * version, rows 3–4 the header, data from row 5, then one empty row and the signature
 * row whose every cell starts with 填报单位：/填报人：/审核人：/日期： (a footer the
 * importer skips). The version sits above the header, where the importer looks only for
 * the header, rather than below the data, where it would read as an organisation.
 * Not for: data cells (each writer knows its own columns).
 */
import { PassThrough } from 'node:stream'
import { createRequire } from 'node:module'
import type ExcelJSType from 'exceljs'
import type { DataValidation, Worksheet } from 'exceljs'
import {
  FIRST_DATA_ROW,
  HEADER_ROWS,
  STYLES,
  TITLE_ROW,
  VERSION_ROW,
  columnLetter,
  sheetName,
  headerLayout,
  type HeaderColumn,
  versionLabel,
  type ExportMeta,
  type SignatureField,
  xlsxText,
} from '@taizhang/schema'

// exceljs ships CommonJS; createRequire keeps one instance for the in-memory and stream APIs.
const require = createRequire(import.meta.url)
export const ExcelJS = require('exceljs') as typeof ExcelJSType

// the rows, styles and names shared with the browser's offline export live in schema
export { TITLE_ROW, VERSION_ROW, HEADER_ROWS, FIRST_DATA_ROW, STYLES, columnLetter, sheetName }

/** Page setup, views and print footer shared by grid exports. */
export function sheetOptions(columnCount: number, meta: ExportMeta) {
  return {
    views: [{ state: 'frozen' as const, xSplit: 1, ySplit: FIRST_DATA_ROW - 1 }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: columnCount > 10 ? ('landscape' as const) : ('portrait' as const),
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      // The header rows repeat on every printed page.
      printTitlesRow: `${HEADER_ROWS[0]}:${HEADER_ROWS[1]}`,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddFooter: `&L${versionLabel(meta.version)}&C第 &P 页 共 &N 页`,
      evenFooter: `&L${versionLabel(meta.version)}&C第 &P 页 共 &N 页`,
    },
  }
}

/**
 * Title row ("unit sheet-name") and version row merged across the table, then the two
 * header rows.
 */
export function writeTitleAndHeader(
  ws: Worksheet,
  title: string,
  version: string,
  columns: readonly HeaderColumn[],
): void {
  const last = columnLetter(columns.length - 1)
  if (columns.length > 1) ws.mergeCells(`A${TITLE_ROW}:${last}${TITLE_ROW}`)
  const titleCell = ws.getCell(`A${TITLE_ROW}`)
  titleCell.value = xlsxText(title)
  titleCell.style = STYLES.title
  ws.getRow(TITLE_ROW).height = 30
  if (columns.length > 1) ws.mergeCells(`A${VERSION_ROW}:${last}${VERSION_ROW}`)
  const versionCell = ws.getCell(`A${VERSION_ROW}`)
  versionCell.value = xlsxText(version)
  versionCell.style = STYLES.version

  for (const cell of headerLayout(columns)) {
    const top = HEADER_ROWS[cell.row]
    const bottom = top + cell.rowSpan - 1
    const left = columnLetter(cell.col)
    const right = columnLetter(cell.col + cell.colSpan - 1)
    if (cell.colSpan > 1 || cell.rowSpan > 1) ws.mergeCells(`${left}${top}:${right}${bottom}`)
    // Style every cell of a merge so the borders show on all its edges.
    for (let r = top; r <= bottom; r++) {
      for (let c = cell.col; c < cell.col + cell.colSpan; c++) {
        ws.getCell(r, c + 1).style = STYLES.header
      }
    }
    ws.getCell(top, cell.col + 1).value = xlsxText(cell.text)
  }
  ws.getRow(HEADER_ROWS[0]).height = 22
  ws.getRow(HEADER_ROWS[1]).height = 44
}

/**
 * The signature row below the table: 填报单位/填报人/审核人/日期 spread over the width
 * (with fewer than four columns, all in one cell).
 */
export function writeFooter(
  ws: Worksheet,
  row: number,
  columnCount: number,
  signature: readonly SignatureField[],
): void {
  const fields = signature.map((f) => `${f.label}：${f.value}`)
  if (columnCount < fields.length) {
    placeFooterCell(ws, row, 0, columnCount - 1, fields.join('    '))
    return
  }
  fields.forEach((text, i) => {
    const from = Math.floor((i * columnCount) / fields.length)
    const to = Math.floor(((i + 1) * columnCount) / fields.length) - 1
    placeFooterCell(ws, row, from, to, text)
  })
}

function placeFooterCell(ws: Worksheet, row: number, from: number, to: number, text: string) {
  const cell = ws.getCell(row, from + 1)
  cell.value = xlsxText(text)
  cell.style = STYLES.footer
  if (to > from) ws.mergeCells(row, from + 1, row, to + 1)
}

/** Add a drop-down list to a column's data cells (exceljs has no typing for this yet). */
export function addListValidation(
  ws: Worksheet,
  column: number,
  fromRow: number,
  toRow: number,
  options: readonly string[],
): void {
  if (toRow < fromRow || options.length === 0) return
  const letter = columnLetter(column)
  const validation: DataValidation = {
    type: 'list',
    allowBlank: true,
    formulae: [`"${options.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: '请从列表中选择',
    error: `可选值：${options.join('、')}`,
  }
  const dv = (ws as unknown as { dataValidations: { add(a: string, v: DataValidation): void } })
    .dataValidations
  dv.add(`${letter}${fromRow}:${letter}${toRow}`, validation)
}

/** A streaming workbook that collects its output into a Buffer. */
export function streamingWorkbook() {
  const stream = new PassThrough()
  const chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useSharedStrings: true,
    useStyles: true,
  })
  return {
    workbook,
    async finish(): Promise<Buffer> {
      await workbook.commit()
      return Buffer.concat(chunks)
    },
  }
}
