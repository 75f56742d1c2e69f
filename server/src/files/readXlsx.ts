/**
 * @module files/readXlsx
 * The cells of an xlsx file as a plain grid: the first worksheet that holds data, every
 * cell reduced to what Excel shows (rich text joined, a formula's cached result, a
 * hyperlink's text, dates as Date). Nothing is ever evaluated: a formula without a
 * cached result reads as empty. A merged area reads as its master's value in every cell
 * (exceljs does this for us), which is what a header like 人员 over four columns means,
 * and what a 所属网格 merged down several rows means.
 * exceljs is loaded on first use: it takes longer to load than a csv takes to check.
 * Not for: finding the header (readTable.ts) or reading values for a column (parse/cell).
 */
import type { Worksheet } from 'exceljs'
import type { TableCell } from '@taizhang/schema'
import { ROWS_ABOVE_DATA, type ReadRowsOptions } from './readCsv'
import { TableReadError } from './TableReadError'
import { EXCEL_MAX_COLUMNS, EXCEL_MAX_ROWS, guardXlsx } from './xlsxGuard'

const tooManyRows = (file: string, row: number, limit: number) =>
  new TableReadError(
    row > EXCEL_MAX_ROWS ? 'out-of-range' : 'too-many-rows',
    file,
    row > EXCEL_MAX_ROWS
      ? `第 ${row} 行超出 Excel 的行数上限（${EXCEL_MAX_ROWS} 行），文件已损坏或被篡改`
      : `第 ${row} 行超出每表行数上限（${limit - ROWS_ABOVE_DATA} 行数据），请拆分后分别导入`,
  )

const tooManyColumns = (file: string, column: number) =>
  new TableReadError(
    'out-of-range',
    file,
    `第 ${column} 列超出 Excel 的列数上限（${EXCEL_MAX_COLUMNS} 列），文件已损坏或被篡改`,
  )

/** Rows of cells, row 0 = worksheet row 1, so `index + 1` is the row number Excel shows. */
export async function readXlsx(
  bytes: Uint8Array,
  file: string,
  { maxRows }: ReadRowsOptions = {},
): Promise<TableCell[][]> {
  // sizes, ratios, row and column numbers first: exceljs inflates and allocates whole
  await guardXlsx(bytes, file, { maxRows })
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw new TableReadError('corrupt', file, '无法读取 xlsx 文件：文件已损坏或不是 Excel 文件')
  }
  // Visible sheets first: a hidden first sheet is usually a lookup list, not the ledger.
  const sheets = [
    ...workbook.worksheets.filter((w) => w.state === 'visible' || w.state === undefined),
    ...workbook.worksheets.filter((w) => w.state !== 'visible' && w.state !== undefined),
  ]
  // Excel's own limits; a row number past the cap stops the reading (rows are dense below)
  const rowLimit = Math.min(
    EXCEL_MAX_ROWS,
    maxRows === undefined ? Infinity : maxRows + ROWS_ABOVE_DATA,
  )
  for (const sheet of sheets) {
    const rows = sheetRows(sheet, rowLimit, file)
    if (rows.some((cells) => cells.some((cell) => cell !== null && cell !== ''))) return rows
  }
  throw new TableReadError('empty', file, '文件中没有数据')
}

/**
 * Dense rows, each as long as its last stored cell. Only stored cells are visited, so a
 * sheet with a styled cell far to the right or far down costs nothing extra.
 */
function sheetRows(sheet: Worksheet, rowLimit: number, file: string): TableCell[][] {
  const rows: TableCell[][] = []
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    if (r > rowLimit) throw tooManyRows(file, r, rowLimit)
    while (rows.length < r - 1) rows.push([])
    const cells: TableCell[] = []
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (c > EXCEL_MAX_COLUMNS) throw tooManyColumns(file, c)
      while (cells.length < c - 1) cells.push(null)
      cells.push(shown(cell.value))
    })
    rows.push(cells)
  })
  return rows
}

/** The value Excel displays for a stored cell value, without evaluating anything. */
function shown(value: unknown): TableCell {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value
  }
  if (value instanceof Date) return value
  if (typeof value !== 'object') return String(value)
  const v = value as Record<string, unknown>
  if (Array.isArray(v.richText)) {
    return v.richText.map((part: { text?: unknown }) => String(part.text ?? '')).join('')
  }
  if ('formula' in v || 'sharedFormula' in v) return shown(v.result)
  if ('hyperlink' in v) return shown(v.text)
  if ('error' in v) return String(v.error)
  if ('text' in v) return shown(v.text)
  return null
}
