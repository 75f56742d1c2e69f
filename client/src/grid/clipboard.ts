/**
 * @module grid/clipboard
 * Copy and paste for the grid, built by us because AG Grid's clipboard is Enterprise.
 * Copy writes the selected range as TSV (what Excel and WPS paste back cell by cell).
 * Paste reads the TSV Excel / WPS put on the clipboard (quoted multi-line cells too),
 * lands it at the range's top-left cell (a single value fills the whole range), parses
 * every cell for its column and writes everything — new rows included when the paste
 * runs past the last row — in ONE Yjs transaction: one undo step, one sync update.
 * Both work from the browser's own `copy` / `paste` events on the focused cell, so no
 * clipboard permission is needed. The pure planning is in `tsvPaste`.
 */
import { orderedRowIds, type Column as TemplateColumn } from '@taizhang/schema'
import type { GridApi } from 'ag-grid-community'
import type * as Y from 'yjs'
import { displayText } from './cellText'
import { INDEX_COL } from './columnDefs'
import { writeCells } from './localWrites'
import type { RangeSelection } from './rangeSelection'
import type { GridRow } from './rowChanges'
import { colCount, rowCount } from './cellRange'
import { copyMatrix, parseTsv, planPaste, toTsv } from './tsvPaste'

/** The selected range as TSV, or null with nothing selected. */
export function rangeAsTsv(range: RangeSelection): string | null {
  const cells = range.cells()
  if (!cells) return null
  return toTsv(copyMatrix(cells.rows, cells.columns, displayText))
}

export interface PasteResult {
  cells: number
  newRows: number
  skipped: number
}

/** Paste `text` at the current range; returns what was written (null: nowhere to paste). */
export function pasteTsv(
  doc: Y.Doc,
  api: GridApi<GridRow>,
  range: RangeSelection,
  columns: Map<string, TemplateColumn>,
  text: string,
): PasteResult | null {
  const cells = range.cells()
  if (!cells) return null
  const matrix = parseTsv(text)
  if (matrix.length === 0) return { cells: 0, newRows: 0, skipped: 0 }
  const rowIds: string[] = []
  api.forEachNodeAfterFilterAndSort((node) => {
    if (node.data) rowIds.push(node.data.id)
  })
  const displayed = api.getAllDisplayedColumns().map((c) => {
    const id = c.getColId()
    return id === INDEX_COL ? null : (columns.get(id) ?? null)
  })
  // Pasting onto 序号 starts at the first sheet column, as people mean it.
  const left = displayed[cells.bounds.left] === null ? cells.bounds.left + 1 : cells.bounds.left
  const plan = planPaste(matrix, {
    rowIds,
    columns: displayed,
    row: cells.bounds.top,
    col: left,
    fillRows: rowCount(cells.bounds),
    fillCols: colCount(cells.bounds),
  })
  // New rows go after every row of the sheet, deleted ones included, so they show last.
  const last = orderedRowIds(doc, { includeDeleted: true }).at(-1) ?? null
  writeCells(doc, plan.updates, plan.newRows, last)
  let written = 0
  for (const values of plan.updates.values()) written += Object.keys(values).length
  for (const values of plan.newRows) written += Object.keys(values).length
  return { cells: written, newRows: plan.newRows.length, skipped: plan.skipped }
}
