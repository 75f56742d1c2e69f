/**
 * @module export/sheetWorkbook
 * The offline xlsx of a 网格台账 or 督查评分表, built in the browser from the local Y.Doc
 * when the server cannot be reached (SPEC §4, §5). Same layout as the server's export
 * (server/src/export/xlsxLayout.ts), so it re-imports the same way: row 1 the title, row 2
 * the version, rows 3–4 the two-row merged header (`headerLayout`, labels from
 * `headerLabel`), data from row 5, then one empty row and the 填报单位/填报人/审核人/日期
 * footer; borders, widths, frozen header, drop-down lists, A4 print setup. Cell values go
 * through the shared `exportValue` / `xlsxValue` (schema/src/export), so text beginning
 * with = + - @ is a plain string cell, never a formula.
 * Uses exceljs's in-memory Workbook (the streaming writer needs Node streams); the
 * caller passes the exceljs module in, so the browser can load it only when needed and
 * the unit test can use the Node build.
 * Not for: CSV (sheetCsv.ts) or saving the file (download.ts).
 */
import {
  FIRST_DATA_ROW,
  HEADER_ROWS,
  STYLES,
  TITLE_ROW,
  VERSION_ROW,
  columnLetter,
  columnStyle,
  excelWidth,
  listOptions,
  sheetName,
  columnsOf,
  exportValue,
  headerLabel,
  headerLayout,
  looksLikeFormula,
  signatureFields,
  versionLabel,
  withComputed,
  xlsxText,
  xlsxValue,
  type Column,
  type ExportMeta,
  type GridTemplate,
  type Row,
} from '@taizhang/schema'
import type ExcelJSType from 'exceljs'
import type { Style, Worksheet } from 'exceljs'

// the fixed rows, styles, widths and drop-down choices are shared with the server's export
export { FIRST_DATA_ROW, HEADER_ROWS, TITLE_ROW, VERSION_ROW, columnLetter }

export interface SheetWorkbookInput {
  template: GridTemplate
  /** Rows in display order, deleted rows left out. */
  rows: readonly Row[]
  meta: ExportMeta
  /** Added after the version, e.g. （离线导出）. */
  note?: string
}

function writeHeader(ws: Worksheet, columns: Column[]): void {
  for (const cell of headerLayout(
    columns.map((c) => ({ label: headerLabel(c), group: c.group })),
  )) {
    const top = HEADER_ROWS[cell.row]
    const bottom = top + cell.rowSpan - 1
    if (cell.colSpan > 1 || cell.rowSpan > 1) {
      ws.mergeCells(top, cell.col + 1, bottom, cell.col + cell.colSpan)
    }
    for (let r = top; r <= bottom; r++) {
      for (let c = cell.col; c < cell.col + cell.colSpan; c++) {
        ws.getCell(r, c + 1).style = STYLES.header as Partial<Style>
      }
    }
    ws.getCell(top, cell.col + 1).value = xlsxText(cell.text)
  }
  ws.getRow(HEADER_ROWS[0]).height = 22
  ws.getRow(HEADER_ROWS[1]).height = 44
}

function writeFooter(ws: Worksheet, row: number, count: number, meta: ExportMeta): void {
  const fields = signatureFields(meta).map((f) => `${f.label}：${f.value}`)
  const place = (from: number, to: number, text: string) => {
    const cell = ws.getCell(row, from + 1)
    cell.value = xlsxText(text)
    cell.style = STYLES.footer as Partial<Style>
    if (to > from) ws.mergeCells(row, from + 1, row, to + 1)
  }
  if (count < fields.length) {
    place(0, count - 1, fields.join('    '))
    return
  }
  fields.forEach((text, i) => {
    place(
      Math.floor((i * count) / fields.length),
      Math.floor(((i + 1) * count) / fields.length) - 1,
      text,
    )
  })
}

/** The workbook of one sheet, in memory. */
export function buildSheetWorkbook(
  ExcelJS: typeof ExcelJSType,
  { template, rows, meta, note = '' }: SheetWorkbookInput,
): ExcelJSType.Workbook {
  const columns = columnsOf(template)
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Taizhang 台账'
  workbook.title = `${meta.unitName} ${meta.title}`
  const version = `${versionLabel(meta.version)}${note}`
  const ws = workbook.addWorksheet(sheetName(meta.title), {
    views: [{ state: 'frozen', xSplit: 1, ySplit: FIRST_DATA_ROW - 1 }],
    pageSetup: {
      paperSize: 9,
      orientation: columns.length > 10 ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${HEADER_ROWS[0]}:${HEADER_ROWS[1]}`,
    },
    headerFooter: {
      oddFooter: `&L${version}&C第 &P 页 共 &N 页`,
      evenFooter: `&L${version}&C第 &P 页 共 &N 页`,
    },
  })
  ws.columns = columns.map((c) => ({ key: c.id, width: excelWidth(c) }))

  const last = columns.length
  if (last > 1) ws.mergeCells(TITLE_ROW, 1, TITLE_ROW, last)
  const title = ws.getCell(TITLE_ROW, 1)
  title.value = xlsxText(`${meta.unitName} ${meta.title}`)
  title.style = STYLES.title as Partial<Style>
  ws.getRow(TITLE_ROW).height = 30
  if (last > 1) ws.mergeCells(VERSION_ROW, 1, VERSION_ROW, last)
  const versionCell = ws.getCell(VERSION_ROW, 1)
  versionCell.value = xlsxText(version)
  versionCell.style = STYLES.version as Partial<Style>
  writeHeader(ws, columns)

  const styles = columns.map(columnStyle)
  let r = FIRST_DATA_ROW
  for (const stored of rows) {
    const row = ws.getRow(r++)
    const values = withComputed(template, stored)
    columns.forEach((column, c) => {
      const value = xlsxValue(exportValue(column, values[column.id]))
      const cell = row.getCell(c + 1)
      cell.value = value
      cell.style =
        typeof value === 'string' && looksLikeFormula(value)
          ? (STYLES.literal as Partial<Style>)
          : styles[c]!
    })
  }
  const lastDataRow = r - 1
  if (lastDataRow >= FIRST_DATA_ROW) {
    columns.forEach((column, c) => {
      const options = listOptions(column)
      if (!options) return
      const letter = columnLetter(c)
      const dv = (ws as unknown as { dataValidations: { add(a: string, v: unknown): void } })
        .dataValidations
      dv.add(`${letter}${FIRST_DATA_ROW}:${letter}${lastDataRow}`, {
        type: 'list',
        allowBlank: true,
        formulae: [`"${options.join(',')}"`],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: '请从列表中选择',
        error: `可选值：${options.join('、')}`,
      })
    })
  }
  writeFooter(ws, lastDataRow + 2, columns.length, meta)
  return workbook
}
