/**
 * @module grid/rowsBinding
 * The binding from a sheet's Yjs rows map to AG Grid (no React). Every change of the
 * rows map — typed here, undone, pasted, or arriving from a team mate over the
 * WebsocketProvider or from IndexedDB — takes the same path: observeDeep →
 * `rowChangesOf` → batched until the next task → one AG Grid transaction (add / update /
 * remove by row id). Transactions keep the user's scroll position, focus and open editor;
 * what happens when a change hits the open editor is decided by the pure
 * `decideRemoteEdit` (deferred rows are applied when the editor closes).
 *
 * Order: rows are shown in `_pos` order through `sortByPosition` (the grid's
 * postSortRows), except while the user sorts by a column. Soft-deleted rows stay in the
 * grid (hidden by the grid's external filter), so deleting and restoring are updates.
 * Not for: writing to Yjs (see `localWrites`), marks (see `cellMarks`).
 */
import { orderedRowIds, parseCell, rowsMap, type CellValue, type Column } from '@taizhang/schema'
import type { GridApi, IRowNode } from 'ag-grid-community'
import type * as Y from 'yjs'
import { decideRemoteEdit, type OpenEditor, type RowChange } from './remoteEditDecision'
import { gridRowOf, loadGridRows, rowChangesOf, type GridRow } from './rowChanges'

/**
 * Changes of one task (a socket message, a paste, an undo) reach the grid as one
 * transaction in the next task, with no further wait, so a team mate's edit shows at once.
 */
const FLUSH_MS = 0
/**
 * A transaction adding more rows than this (a sheet arriving from the server, a big
 * import) reloads the grid's rows in one `rowData` instead of a per-row transaction.
 */
const BULK_ROWS = 500

export interface RowsBindingHooks {
  /** A team mate changed the cell I am typing in; my draft is kept (see decideRemoteEdit). */
  onChangedUnderEditor(colId: string, value: CellValue): void
  /** A transaction was applied (the range may need clamping). */
  afterApply(): void
}

/** True while the user sorts by a column (then `_pos` order and row moves are off). */
export const isSorted = (api: GridApi<GridRow> | null): boolean =>
  !!api?.getColumnState().some((state) => state.sort)

/** Fold a later change of a row into an earlier one. */
export function mergeChange(into: Map<string, RowChange>, change: RowChange): void {
  const prev = into.get(change.rowId)
  if (!prev) {
    into.set(change.rowId, { ...change, cells: { ...change.cells } })
    return
  }
  Object.assign(prev.cells, change.cells)
  prev.deletedChanged ||= change.deletedChanged
  prev.orderChanged ||= change.orderChanged
}

export class RowsBinding {
  private order = new Map<string, number>()
  private pending = new Map<string, RowChange>()
  private deferred = new Map<string, RowChange>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private editor: { rowId: string; colId: string; startValue: CellValue } | null = null
  private focusTarget: { rowId: string; colId: string } | null = null
  private readonly rows: Y.Map<unknown>
  /** Set by a bulk transaction: the next flush reloads every row at once. */
  private reloadAll = false
  private readonly observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    if (!this.reloadAll) {
      const added = events.find((e) => e.target === this.rows)?.changes.keys.size ?? 0
      if (added > BULK_ROWS) {
        this.reloadAll = true
        this.pending = new Map()
      } else {
        for (const change of rowChangesOf(this.rows, events).values()) {
          mergeChange(this.pending, change)
        }
      }
    }
    if (this.timer === null) this.timer = setTimeout(() => this.flush(), FLUSH_MS)
  }

  constructor(
    private readonly doc: Y.Doc,
    private readonly api: GridApi<GridRow>,
    private readonly columns: Map<string, Column>,
    private readonly hooks: RowsBindingHooks,
  ) {
    this.rows = rowsMap(doc) as Y.Map<unknown>
  }

  /** Load every row (deleted ones too) into the grid and follow the document. */
  start(): void {
    this.loadAll()
    this.rows.observeDeep(this.observer)
  }

  /** Every row in one `rowData` (rows keep their nodes by id, so scroll and focus stay). */
  private loadAll(): void {
    const { rows, order } = loadGridRows(this.doc)
    this.order = order
    this.api.setGridOption('rowData', rows)
  }

  destroy(): void {
    this.rows.unobserveDeep(this.observer)
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  editingStarted(rowId: string, colId: string, startValue: CellValue): void {
    this.editor = { rowId, colId, startValue }
  }

  /** The editor closed: apply what was held back for its row. */
  editingStopped(): void {
    this.editor = null
    if (this.deferred.size === 0) return
    for (const change of this.deferred.values()) mergeChange(this.pending, change)
    this.deferred = new Map()
    if (this.timer === null) this.timer = setTimeout(() => this.flush(), FLUSH_MS)
  }

  /** Focus a cell as soon as its row is in the grid (a row just added). */
  focusWhenShown(rowId: string, colId: string): void {
    this.focusTarget = { rowId, colId }
  }

  /** postSortRows: sheet order (`_pos`, ties by id) unless a column sort is active. */
  sortByPosition(nodes: IRowNode<GridRow>[]): void {
    if (isSorted(this.api)) return
    const order = this.order
    const at = (node: IRowNode<GridRow>) =>
      order.get(node.data?.id ?? '') ?? Number.MAX_SAFE_INTEGER
    nodes.sort((a, b) => at(a) - at(b))
  }

  private openEditor(): OpenEditor | null {
    const open = this.editor
    if (!open || this.api.getEditingCells().length === 0) return null
    const column = this.columns.get(open.colId)
    const instance = this.api.getCellEditorInstances()[0]
    let draftValue: CellValue | undefined
    if (instance && column) {
      try {
        draftValue = parseCell(column, instance.getValue())
      } catch {
        draftValue = undefined
      }
    }
    return { ...open, draftValue }
  }

  /** Apply the batched changes as one AG Grid transaction. */
  flush(): void {
    this.timer = null
    const api = this.api
    if (api.isDestroyed()) return
    if (this.reloadAll) {
      this.reloadAll = false
      this.pending = new Map()
      this.loadAll()
      this.hooks.afterApply()
      return
    }
    const pending = this.pending
    this.pending = new Map()
    const editor = this.openEditor()
    const add: GridRow[] = []
    const update: GridRow[] = []
    const remove: GridRow[] = []
    let orderChanged = false
    let reopen = false
    for (const change of pending.values()) {
      const decision = decideRemoteEdit(editor, change)
      if (decision.kind === 'defer') {
        mergeChange(this.deferred, change)
        continue
      }
      if (decision.kind === 'apply-reopen-editor') reopen = true
      if (decision.kind === 'apply-keep-draft') {
        this.hooks.onChangedUnderEditor(decision.colId, decision.value)
      }
      orderChanged ||= change.orderChanged
      const data = gridRowOf(this.doc, change.rowId)
      const existing = api.getRowNode(change.rowId)?.data
      if (!data) {
        if (existing) remove.push(existing)
      } else if (existing) {
        update.push(data)
      } else {
        add.push(data)
      }
    }
    if (orderChanged) this.order = orderIndex(this.doc)
    if (add.length + update.length + remove.length > 0) {
      api.applyTransaction({ add, update, remove })
      this.hooks.afterApply()
    }
    if (reopen && editor) {
      // Nothing typed yet: show the new value in a fresh editor on the same cell.
      const node = api.getRowNode(editor.rowId)
      api.stopEditing(true)
      if (node && node.rowIndex !== null) {
        api.startEditingCell({ rowIndex: node.rowIndex, colKey: editor.colId })
      }
    }
    const target = this.focusTarget
    const node = target ? api.getRowNode(target.rowId) : undefined
    if (target && node && node.rowIndex !== null) {
      this.focusTarget = null
      api.ensureNodeVisible(node)
      api.setFocusedCell(node.rowIndex, target.colId)
    }
  }
}

function orderIndex(doc: Y.Doc): Map<string, number> {
  return new Map(orderedRowIds(doc, { includeDeleted: true }).map((id, i) => [id, i]))
}
