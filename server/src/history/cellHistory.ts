/**
 * @module history/cellHistory
 * Who changed a cell, when, from what to what — and the whole sheet as of a past time —
 * rebuilt from the attributed update log of the `DocStore` (SPEC §6.3 `…/history`,
 * `…/rows?at=`). The log is replayed from seq 1 on a scratch document; snapshots are not
 * used because they have lost the authorship. Answers carry user ids; the API maps them to
 * `{username, displayName}`.
 * Not for: the live document (the room's) or conflicts (`sync/conflictDetector.ts`).
 */
import { readRows, rowAt, type CellValue, type Row } from '@taizhang/schema'
import * as Y from 'yjs'
import type { DocStore, LoggedUpdate } from '../storage/DocStore'

export interface CellChange {
  /** ISO time the server stored the change. */
  at: string
  /** User id of the author; null for changes the server made itself. */
  by: string | null
  /** null when the cell (or its row) did not exist before. */
  from: CellValue | null
  to: CellValue | null
}

/** Cell history and past states as the API reads them (`main.ts` binds them to the store). */
export interface HistoryApi {
  cellHistory(sheetId: string, rowId: string, column: string): Promise<CellChange[]>
  rowsAt(sheetId: string, at: Date): Promise<Row[]>
}

function apply(doc: Y.Doc, entry: LoggedUpdate): void {
  try {
    Y.applyUpdate(doc, entry.data)
  } catch {
    // an update the room refused to apply is in the log too; it changed nothing then either
  }
}

const cell = (doc: Y.Doc, rowId: string, column: string): CellValue | null =>
  rowAt(doc, rowId)?.get(column) ?? null

/** Every change of one cell in log order, oldest first. */
export async function cellHistory(
  store: DocStore,
  sheetId: string,
  rowId: string,
  column: string,
): Promise<CellChange[]> {
  const log = await store.readLog(sheetId)
  const doc = new Y.Doc({ gc: false })
  const changes: CellChange[] = []
  let current = cell(doc, rowId, column)
  for (const entry of log) {
    apply(doc, entry)
    const next = cell(doc, rowId, column)
    if (next !== current) {
      changes.push({ at: entry.at, by: entry.userId, from: current, to: next })
      current = next
    }
  }
  doc.destroy()
  return changes
}

/** The sheet's rows (as `readRows` gives them) with only the updates stored up to `at`. */
export async function rowsAt(store: DocStore, sheetId: string, at: Date): Promise<Row[]> {
  const log = await store.readLog(sheetId, { until: at })
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, Y.mergeUpdates(log.map((entry) => entry.data)))
  } catch {
    // one unusable update must not hide the others: apply them one by one
    for (const entry of log) apply(doc, entry)
  }
  const rows = readRows(doc)
  doc.destroy()
  return rows
}
