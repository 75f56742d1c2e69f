/**
 * @module grid/rowChanges
 * Reads the events of one Yjs transaction on the rows map (an `observeDeep` callback)
 * into per-row changes the grid can apply as AG Grid transactions: which cells changed
 * and to what, whether the row was deleted / restored (`_deleted`) or moved / added
 * (`_pos`). It only reads the events; writes go through `@taizhang/schema`'s helpers.
 * Also builds a row's grid data (the plain row plus its deleted flag).
 */
import {
  DELETED,
  POS,
  rowAt,
  rowsMap,
  rowToPlain,
  type CellValue,
  type Row,
} from '@taizhang/schema'
import * as Y from 'yjs'
import type { RowChange } from './remoteEditDecision'

/** A row as the grid holds it: the plain row and whether it is (soft) deleted. */
export type GridRow = Row & { [DELETED]: boolean }

export function gridRowOf(doc: Y.Doc, rowId: string): GridRow | null {
  const row = rowAt(doc, rowId)
  return row ? toGridRow(rowId, row) : null
}

function toGridRow(rowId: string, row: NonNullable<ReturnType<typeof rowAt>>): GridRow {
  const plain = rowToPlain(rowId, row) as GridRow
  plain[DELETED] = row.get(DELETED) === true
  return plain
}

/**
 * Every row (deleted ones too) as grid rows in sheet order (`_pos`, ties by id, as the
 * schema's `orderedRowIds`), reading each row once; values under `rows` that are not row
 * maps are skipped.
 */
export function loadGridRows(doc: Y.Doc): { rows: GridRow[]; order: Map<string, number> } {
  const entries: { pos: string; id: string; row: GridRow }[] = []
  rowsMap(doc).forEach((_value, id) => {
    const row = rowAt(doc, id)
    if (row) entries.push({ pos: String(row.get(POS) ?? ''), id, row: toGridRow(id, row) })
  })
  entries.sort((a, b) =>
    a.pos !== b.pos ? (a.pos < b.pos ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  )
  return {
    rows: entries.map((e) => e.row),
    order: new Map(entries.map((e, i) => [e.id, i])),
  }
}

/** Per-row changes of one transaction's events, observed deeply on `rows`. */
export function rowChangesOf(
  rows: Y.Map<unknown>,
  events: readonly Y.YEvent<Y.AbstractType<unknown>>[],
): Map<string, RowChange> {
  const changes = new Map<string, RowChange>()
  const entry = (rowId: string): RowChange => {
    let change = changes.get(rowId)
    if (!change) {
      change = { rowId, cells: {}, deletedChanged: false, orderChanged: false }
      changes.set(rowId, change)
    }
    return change
  }
  for (const event of events) {
    if (event.target === rows) {
      // Whole rows added (or, never in our layout, replaced / removed).
      for (const rowId of event.changes.keys.keys()) {
        const change = entry(rowId)
        change.orderChanged = true
        change.deletedChanged = true
        const row = rows.get(rowId)
        if (row instanceof Y.Map) {
          row.forEach((value: CellValue, key: string) => {
            if (key !== POS && key !== DELETED) change.cells[key] = value
          })
        }
      }
      continue
    }
    const rowId = event.path[0]
    if (typeof rowId !== 'string' || !(event.target instanceof Y.Map)) continue
    const target = event.target as Y.Map<CellValue>
    const change = entry(rowId)
    for (const key of event.changes.keys.keys()) {
      if (key === POS) change.orderChanged = true
      else if (key === DELETED) change.deletedChanged = true
      else change.cells[key] = target.get(key) ?? null
    }
  }
  return changes
}
