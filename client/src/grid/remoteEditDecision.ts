/**
 * @module grid/remoteEditDecision
 * "A team mate's change arrives while I am editing": what the grid does with it. A pure
 * function in the spirit of Excalidraw's `collab/reconciliation.ts`: the grid binding
 * (`SheetGrid`) describes the open editor and the incoming row change, and this file
 * decides; the binding then carries the decision out with AG Grid transactions.
 *
 * The rules, in order:
 * 1. Not editing that row → apply at once.
 * 2. The row I am editing was deleted or moved by someone else → defer the whole row
 *    until my editor closes: applying it would filter the row away or re-sort it under
 *    my cursor and throw my typing away. My edit is then written to the (soft-deleted or
 *    moved) row, so it is not lost either way.
 * 3. Another cell of my row changed → apply; my editor stays open.
 * 4. My cell changed:
 *    - to the value I have already typed → apply (we agree);
 *    - and I have not typed anything yet → apply and reopen my editor on the new value;
 *    - and I have typed something else → keep my draft (committing it later is the
 *      newer write) but tell me the cell changed meanwhile, with the new value.
 * Not for: conflicts between offline edits (the server records those, SPEC §4).
 */
import type { CellValue } from '@taizhang/schema'

/** The cell editor open in this browser. */
export interface OpenEditor {
  rowId: string
  colId: string
  /** The stored value when the editor opened. */
  startValue: CellValue
  /** The editor's current text parsed for the column; undefined when unknown. */
  draftValue: CellValue | undefined
}

/** What changed in one row in a transaction that did not come from this browser. */
export interface RowChange {
  rowId: string
  /** Changed cells with their new stored value. */
  cells: Record<string, CellValue>
  /** `_deleted` changed (deleted or restored). */
  deletedChanged: boolean
  /** `_pos` changed (moved) or the row is new. */
  orderChanged: boolean
}

export type RemoteEditDecision =
  | { kind: 'apply' }
  | { kind: 'defer' }
  | { kind: 'apply-reopen-editor' }
  | { kind: 'apply-keep-draft'; colId: string; value: CellValue }

const same = (a: CellValue | undefined, b: CellValue | undefined): boolean =>
  (a ?? null) === (b ?? null)

export function decideRemoteEdit(editor: OpenEditor | null, change: RowChange): RemoteEditDecision {
  if (!editor || editor.rowId !== change.rowId) return { kind: 'apply' }
  if (change.deletedChanged || change.orderChanged) return { kind: 'defer' }
  if (!Object.prototype.hasOwnProperty.call(change.cells, editor.colId)) return { kind: 'apply' }
  const incoming = change.cells[editor.colId] ?? null
  if (same(incoming, editor.startValue)) return { kind: 'apply' }
  if (editor.draftValue !== undefined && same(incoming, editor.draftValue)) return { kind: 'apply' }
  const typed = editor.draftValue !== undefined && !same(editor.draftValue, editor.startValue)
  if (!typed) return { kind: 'apply-reopen-editor' }
  return { kind: 'apply-keep-draft', colId: editor.colId, value: incoming }
}
