/**
 * @module grid/tsvPaste
 * Copy and paste as Excel and WPS do it (AG Grid Community has no clipboard module):
 * TSV text ⇄ a matrix of cell texts, and the plan of what a paste writes.
 *
 * Excel/WPS put a range on the clipboard as tab-separated lines; a cell holding a line
 * break or a quote is wrapped in quotes with inner quotes doubled ("第一行\n第二行"),
 * and a trailing line break ends the block. papaparse reads exactly that dialect.
 *
 * Every pasted cell goes through the schema's `parseCell` for its column, so 全角
 * digits become numbers, 是/√ booleans, 2026年3月5日 a date, and text that cannot be read
 * stays as text: visible in the cell and marked by validation, never silently dropped.
 * Pure (no DOM, no Yjs): `clipboard` applies the plan in one Yjs transaction.
 */
import { parseCell, type CellValue, type Column } from '@taizhang/schema'
import Papa from 'papaparse'
import type { CellUpdates } from './localWrites'

/** Clipboard TSV → rows of cell texts. Empty text gives no rows. */
export function parseTsv(text: string): string[][] {
  if (text === '') return []
  const result = Papa.parse<string[]>(text, {
    delimiter: '\t',
    quoteChar: '"',
    skipEmptyLines: false,
  })
  const rows = result.data.map((row) => row.map((cell) => cell ?? ''))
  // The block's final line break leaves one empty row behind.
  while (rows.length > 0 && rows[rows.length - 1]!.every((cell) => cell === '')) rows.pop()
  return rows
}

/** Rows of cell texts → TSV that Excel and WPS paste back cell by cell. */
export function toTsv(matrix: string[][]): string {
  return Papa.unparse(matrix, { delimiter: '\t', newline: '\r\n', quotes: false })
}

/** Where a paste lands: the displayed grid around the target. */
export interface PasteTarget {
  /** Row ids in display order (after sort and filter). */
  rowIds: readonly string[]
  /** Displayed columns in order; null for a column that takes no input (序号, computed). */
  columns: readonly (Column | null)[]
  /** Top-left cell of the paste (display indices). */
  row: number
  col: number
  /** The selected range: a single pasted value fills all of it, as in Excel. */
  fillRows?: number
  fillCols?: number
}

export interface PastePlan {
  /** Existing rows: row id → column id → stored value. */
  updates: CellUpdates
  /** Rows to append at the end of the sheet, in order (the paste ran past the last row). */
  newRows: Record<string, CellValue>[]
  /** Pasted cells that fell right of the last column or on a column that takes no input. */
  skipped: number
}

/** What a paste of `matrix` at `target` writes; each cell parsed for its column. */
export function planPaste(matrix: string[][], target: PasteTarget): PastePlan {
  const plan: PastePlan = { updates: new Map(), newRows: [], skipped: 0 }
  if (matrix.length === 0) return plan
  let source = matrix
  const single = matrix.length === 1 && matrix[0]!.length === 1
  if (single && ((target.fillRows ?? 1) > 1 || (target.fillCols ?? 1) > 1)) {
    const text = matrix[0]![0]!
    source = Array.from({ length: target.fillRows ?? 1 }, () =>
      Array.from({ length: target.fillCols ?? 1 }, () => text),
    )
  }
  source.forEach((cells, i) => {
    const values: Record<string, CellValue> = {}
    let any = false
    cells.forEach((text, j) => {
      const column = target.columns[target.col + j]
      if (!column || column.type === 'computed') {
        plan.skipped++
        return
      }
      values[column.id] = parseCell(column, text)
      any = true
    })
    const rowId = target.rowIds[target.row + i]
    if (rowId !== undefined) {
      if (any) plan.updates.set(rowId, { ...(plan.updates.get(rowId) ?? {}), ...values })
    } else if (any) {
      plan.newRows.push(values)
    }
  })
  return plan
}

/**
 * The texts a copy puts on the clipboard: what the cells show, row by row. Columns that
 * are not sheet columns (序号) are left out, so the block pastes back where it came from.
 */
export function copyMatrix(
  rows: readonly Record<string, CellValue>[],
  columns: readonly (Column | null)[],
  display: (column: Column, value: CellValue) => string,
): string[][] {
  const sheetColumns = columns.filter((c): c is Column => c !== null)
  return rows.map((row) => sheetColumns.map((column) => display(column, row[column.id] ?? null)))
}
