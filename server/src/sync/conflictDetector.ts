/**
 * @module sync/conflictDetector
 * Notices when two people set the same cell while neither had seen the other's value
 * (SPEC §4), so the losing value is not silently lost.
 *
 * How: Yjs keeps each key of a map as a chain of Items linked by `left`; every Item's
 * `origin` is the id of the write its author had seen last. In an `afterTransaction`
 * handler (before garbage collection, so a losing Item's content is still readable) we take,
 * for every cell key the transaction touched, the value that was current BEFORE it (the
 * rightmost Item not created by the transaction) and the newest Item it brought. If the old
 * Item is not among the new Item's origins (walking `origin` back), the two were written
 * concurrently: a conflict, whichever one Yjs let win. `_pos` (row order) and `_deleted`
 * (a delete against an edit is not a cell conflict: the edit survives on the deleted row and
 * the row can be restored) are not cells. Equal values are no conflict.
 *
 * The detector only reports; recording into the doc's conflicts map is a server change made
 * by the room (persisted and relayed like any edit). `resolveConflict` is that change for
 * the user's decision.
 * Not for: HTTP (the API's conflicts route reads `readConflicts` from schema).
 */
import {
  DELETED,
  POS,
  conflictKey,
  conflictAt,
  conflictsMap,
  rowAt,
  rowsMap,
  type CellValue,
  type ConflictRecord,
  type ConflictValue,
} from '@taizhang/schema'
import * as Y from 'yjs'

/** One side of a detected conflict, before its author is known by name. */
export interface DetectedValue {
  value: CellValue
  /** Yjs client id of the Item: the room maps it to a user. */
  client: number
}

export interface DetectedConflict {
  rowId: string
  column: string
  /** The value current before the transaction, then the one the transaction brought. */
  values: [DetectedValue, DetectedValue]
}

function readableValue(item: Y.Item): { ok: true; value: CellValue } | { ok: false } {
  if (!(item.content instanceof Y.ContentAny)) return { ok: false }
  const content = item.content.getContent()
  return { ok: true, value: content[content.length - 1] as CellValue }
}

const contains = (item: Y.Item, id: Y.ID): boolean =>
  item.id.client === id.client &&
  id.clock >= item.id.clock &&
  id.clock < item.id.clock + item.length

/** Whether `ancestor` is among the writes `item`'s author had seen for this key. */
function hasSeen(store: Y.Doc['store'], item: Y.Item, ancestor: Y.Item): boolean {
  let current: Y.Item = item
  for (;;) {
    const origin = current.origin
    if (origin === null) return false
    if (contains(ancestor, origin)) return true
    let next: unknown
    try {
      next = Y.getItem(store, origin)
    } catch {
      return false
    }
    if (!(next instanceof Y.Item)) return false
    current = next
  }
}

/** Whether `transaction` brought `item`. */
function isNewIn(transaction: Y.Transaction, item: Y.Item): boolean {
  return item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)
}

/** Conflicts a finished transaction created (empty for most transactions). */
export function detectConflicts(doc: Y.Doc, transaction: Y.Transaction): DetectedConflict[] {
  const rows = rowsMap(doc)
  const found: DetectedConflict[] = []
  for (const [type, keys] of transaction.changed) {
    const rowItem = type._item
    if (rowItem === null || rowItem.parent !== rows || rowItem.parentSub === null) continue
    for (const key of keys) {
      if (key === null || key === POS || key === DELETED) continue
      let before: Y.Item | null = null
      let incoming: Y.Item | null = null
      for (let item: Y.Item | null = type._map.get(key) ?? null; item; item = item.left) {
        // a losing new Item sits left of the old value, so look until both are found
        if (isNewIn(transaction, item)) incoming ??= item
        else before ??= item
        if (before && incoming) break
      }
      if (!before || !incoming || hasSeen(doc.store, incoming, before)) continue
      const a = readableValue(before)
      const b = readableValue(incoming)
      if (!a.ok || !b.ok || a.value === b.value) continue
      found.push({
        rowId: rowItem.parentSub,
        column: key,
        values: [
          { value: a.value, client: before.id.client },
          { value: b.value, client: incoming.id.client },
        ],
      })
    }
  }
  return found
}

/**
 * Record conflicts in the doc's conflicts map (run inside a server change). An open record
 * for the same cell gains the new values; a resolved one is replaced by a new open record.
 */
export function recordConflicts(
  doc: Y.Doc,
  conflicts: { rowId: string; column: string; values: ConflictValue[] }[],
): void {
  const map = conflictsMap(doc)
  doc.transact(() => {
    for (const c of conflicts) {
      const key = conflictKey(c.rowId, c.column)
      const existing = conflictAt(doc, c.rowId, c.column)
      const values = existing && !existing.resolved ? [...existing.values] : []
      for (const v of c.values) {
        if (!values.some((old) => old.value === v.value && old.by === v.by)) values.push(v)
      }
      const record: ConflictRecord = { rowId: c.rowId, column: c.column, values, resolved: false }
      map.set(key, record)
    }
  })
}

/**
 * The user's decision on a conflict: set the cell to `value` (a normal edit) and mark the
 * record resolved by `user` now. Run it as a server change; the route logs the resolution.
 * Returns false when there is no such conflict.
 */
export function resolveConflict(
  doc: Y.Doc,
  rowId: string,
  column: string,
  value: CellValue,
  user: string,
  at = new Date(),
): boolean {
  const map = conflictsMap(doc)
  const key = conflictKey(rowId, column)
  const record = conflictAt(doc, rowId, column)
  const row = rowAt(doc, rowId)
  if (!record || !row) return false
  doc.transact(() => {
    if (row.get(column) !== value) row.set(column, value)
    map.set(key, { ...record, resolved: true, resolvedBy: user, resolvedAt: at.toISOString() })
  })
  return true
}
