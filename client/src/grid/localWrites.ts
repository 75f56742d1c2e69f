/**
 * @module grid/localWrites
 * Every write the grid and the row form view make to a sheet, each in ONE Yjs
 * transaction with the local origin (so it is one undo step and one sync update).
 * Only the layout helpers of `@taizhang/schema` (updateRow, insertRow, deleteRow,
 * restoreRow, moveRow) touch the Yjs structures; nothing here reaches into Y.Map.
 * Typed text goes through the schema's `parseCell`, so a value that cannot be read is
 * kept as text (visible, and marked by validation) rather than dropped.
 * Not for: deciding what a paste or fill down writes (see `tsvPaste`, `fillDown`).
 */
import {
  deleteRow,
  insertRow,
  moveRow,
  parseCell,
  readRow,
  restoreRow,
  updateRow,
  type CellValue,
  type Column,
} from '@taizhang/schema'
import type * as Y from 'yjs'
import { LOCAL_ORIGIN } from './localOrigin'

/** Cells to write, row id → column id → stored value. */
export type CellUpdates = Map<string, Record<string, CellValue>>

/**
 * What a person typed (or an editor returned) into one cell, parsed for its column.
 * Returns the value stored.
 */
export function writeTypedCell(
  doc: Y.Doc,
  rowId: string,
  column: Column,
  input: unknown,
): CellValue {
  const value = parseCell(column, input)
  doc.transact(() => {
    if (readRow(doc, rowId)) updateRow(doc, rowId, { [column.id]: value })
  }, LOCAL_ORIGIN)
  return value
}

/**
 * Many cells and new rows at once (paste, fill down, clearing a range): one transaction.
 * New rows are appended after `appendAfter` (the last row of the sheet) in order.
 * Returns the ids of the rows added.
 */
export function writeCells(
  doc: Y.Doc,
  updates: CellUpdates,
  newRows: Record<string, CellValue>[] = [],
  appendAfter: string | null = null,
): string[] {
  const added: string[] = []
  doc.transact(() => {
    for (const [rowId, values] of updates) {
      if (readRow(doc, rowId)) updateRow(doc, rowId, values)
    }
    let after = appendAfter
    for (const values of newRows) {
      after = after === null ? insertRow(doc, values) : insertRow(doc, values, { after })
      added.push(after)
    }
  }, LOCAL_ORIGIN)
  return added
}

/** A new empty row after `after` (or at the end); returns its id. */
export function addRow(
  doc: Y.Doc,
  after: string | null = null,
  before: string | null = null,
): string {
  let id = ''
  doc.transact(() => {
    id =
      after === null && before === null ? insertRow(doc, {}) : insertRow(doc, {}, { after, before })
  }, LOCAL_ORIGIN)
  return id
}

/** Soft-delete rows (restorable; an offline edit to them is not lost). */
export function deleteRows(doc: Y.Doc, rowIds: Iterable<string>): void {
  doc.transact(() => {
    for (const id of rowIds) deleteRow(doc, id)
  }, LOCAL_ORIGIN)
}

export function restoreRows(doc: Y.Doc, rowIds: Iterable<string>): void {
  doc.transact(() => {
    for (const id of rowIds) restoreRow(doc, id)
  }, LOCAL_ORIGIN)
}

/** Move a row between two neighbours (null: start / end). */
export function moveRowBetween(
  doc: Y.Doc,
  rowId: string,
  after: string | null,
  before: string | null,
): void {
  doc.transact(() => moveRow(doc, rowId, { after, before }), LOCAL_ORIGIN)
}
