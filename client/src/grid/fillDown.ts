/**
 * @module grid/fillDown
 * Ctrl+D as in Excel (AG Grid Community has no fill handle): in a range of several rows
 * the top row's values are copied into the rows below it, column by column; with a
 * single row selected the row above is copied into it. Values are copied as stored
 * (same column, so no parsing); computed columns (总分, 等次) are skipped.
 * Pure: `SheetGrid` writes the result with `writeCells` in one transaction.
 */
import type { CellValue, Column, Row } from '@taizhang/schema'
import type { CellUpdates } from './localWrites'

/**
 * @param rows     the rows of the range in display order
 * @param columns  the range's columns (null for 序号 and other non-sheet columns)
 * @param above    the row displayed just above the range (used when it has one row)
 */
export function planFillDown(
  rows: readonly Row[],
  columns: readonly (Column | null)[],
  above: Row | null,
): CellUpdates {
  const updates: CellUpdates = new Map()
  const source = rows.length > 1 ? rows[0] : above
  const targets = rows.length > 1 ? rows.slice(1) : rows
  if (!source) return updates
  for (const target of targets) {
    const values: Record<string, CellValue> = {}
    for (const column of columns) {
      if (!column || column.type === 'computed') continue
      const value = source[column.id] ?? null
      if ((target[column.id] ?? null) !== value) values[column.id] = value
    }
    if (Object.keys(values).length > 0) updates.set(target.id, values)
  }
  return updates
}
