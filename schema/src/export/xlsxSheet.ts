/**
 * @module export/xlsxSheet
 * Writes the xlsx layout of SPEC §5 onto an exceljs worksheet, once for both sides: the
 * server's export of a 网格台账 or 督查评分表 (streaming writer), the 汇总表, and the
 * browser's offline export (in-memory workbook) all call these functions, so the files
 * look, print and re-import alike.
 *
 * Layout (the importer `server/src/files/readTable` relies on it): row 1 the title merged
 * across the table, row 2 the sheet version, rows 3–4 the two-row merged header
 * (`headerLayout`, labels from `headerLabel`), data from row 5, then one empty row and the
 * signature row whose every cell starts with 填报单位：/填报人：/审核人：/日期： (a footer the
 * importer skips); thin borders, widths, frozen header, drop-down lists on option and
 * yes/no columns, A4 print setup with 第 x 页 共 y 页. The version sits above the header,
 * where the importer looks only for the header, rather than below the data, where it would
 * read as an organisation. Cell values go through `exportValue` / `xlsxValue`, so text
 * beginning with = + - @ is a plain string cell, never a formula.
 *
 * Why the workbook is a parameter: schema stays pure (no node:*, no DOM) and never loads
 * exceljs; it uses exceljs *types* only. The caller brings the workbook: the server one
 * of exceljs's streaming writer (Node streams; it keeps a 10,000-row ledger under the 2 s
 * target), the browser one of the in-memory `Workbook` it loads on first use. Everything
 * here works on both, so merges are placed before any row below them is committed, and
 * every data row is committed as it is written (a no-op in memory).
 * Not for: the consolidation table's cells (server `consolidationXlsx.ts`) or saving bytes.
 */
import type { AddWorksheetOptions, DataValidation, Workbook, Worksheet } from 'exceljs'
import { withComputed } from '../scoring/computeScore'
import { columnsOf, headerLabel } from '../templates/columns'
import type { GridTemplate, Row } from '../templates/types'
import { exportValue } from './cellText'
import { headerLayout, type HeaderColumn } from './headerLayout'
import { looksLikeFormula, xlsxText, xlsxValue } from './safeCell'
import { signatureFields, versionLabel, type ExportMeta, type SignatureField } from './sheetFooter'
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
} from './xlsxStyle'

/** One grid sheet to write. */
export interface GridSheetInput {
  template: GridTemplate
  /** Rows in display order, deleted rows already left out. */
  rows: readonly Row[]
  meta: ExportMeta
  /** Added after the version, e.g. （离线导出）. */
  note?: string
}

/** Frozen header, A4 page setup and the printed 第 x 页 共 y 页 footer of a grid sheet. */
export function gridSheetOptions(
  columnCount: number,
  version: string,
): Partial<AddWorksheetOptions> {
  return {
    views: [{ state: 'frozen', xSplit: 1, ySplit: FIRST_DATA_ROW - 1 }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: columnCount > 10 ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      // The header rows repeat on every printed page.
      printTitlesRow: `${HEADER_ROWS[0]}:${HEADER_ROWS[1]}`,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddFooter: `&L${version}&C第 &P 页 共 &N 页`,
      evenFooter: `&L${version}&C第 &P 页 共 &N 页`,
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
  const place = (from: number, to: number, text: string) => {
    const cell = ws.getCell(row, from + 1)
    cell.value = xlsxText(text)
    cell.style = STYLES.footer
    if (to > from) ws.mergeCells(row, from + 1, row, to + 1)
  }
  if (columnCount < fields.length) {
    place(0, columnCount - 1, fields.join('    '))
    return
  }
  fields.forEach((text, i) => {
    const from = Math.floor((i * columnCount) / fields.length)
    const to = Math.floor(((i + 1) * columnCount) / fields.length) - 1
    place(from, to, text)
  })
}

/** A drop-down list on a column's data cells (exceljs's typings lack `dataValidations`). */
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

/**
 * A 网格台账 or 督查评分表 as one worksheet of `workbook`: numbers as numbers, yes/no as
 * 是/否, dates and everything else as text cells; 总分/等次 from `withComputed`. The caller
 * commits the worksheet (streaming) or serialises the workbook (in memory).
 */
export function addGridWorksheet(
  workbook: Workbook,
  { template, rows, meta, note = '' }: GridSheetInput,
): Worksheet {
  const columns = columnsOf(template)
  const version = `${versionLabel(meta.version)}${note}`
  workbook.creator = 'Taizhang 台账'
  workbook.title = `${meta.unitName} ${meta.title}`
  workbook.description = version
  const ws = workbook.addWorksheet(sheetName(meta.title), gridSheetOptions(columns.length, version))
  ws.columns = columns.map((c) => ({ key: c.id, width: excelWidth(c) }))

  writeTitleAndHeader(
    ws,
    `${meta.unitName} ${meta.title}`,
    version,
    columns.map((c) => ({ label: headerLabel(c), group: c.group })),
  )

  const styles = columns.map(columnStyle)
  let r = FIRST_DATA_ROW
  for (const stored of rows) {
    const row = ws.getRow(r++)
    const values = withComputed(template, stored)
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]!
      const value = xlsxValue(exportValue(column, values[column.id]))
      const cell = row.getCell(c + 1)
      cell.value = value
      cell.style =
        typeof value === 'string' && looksLikeFormula(value) ? STYLES.literal : styles[c]!
    }
    row.commit()
  }
  const lastDataRow = r - 1

  columns.forEach((column, c) => {
    const options = listOptions(column)
    if (options) addListValidation(ws, c, FIRST_DATA_ROW, lastDataRow, options)
  })
  writeFooter(ws, lastDataRow + 2, columns.length, signatureFields(meta))
  return ws
}
