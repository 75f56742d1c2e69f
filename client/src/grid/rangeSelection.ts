/**
 * @module grid/rangeSelection
 * Rectangular cell-range selection, built by us because AG Grid's cell selection is an
 * Enterprise feature. Mouse drag, shift+click and shift+arrows move the range's focus
 * corner; any other focus change (click, arrow keys, Tab) starts a new single-cell range
 * at the focused cell. The range is drawn by the `tz-in-range` cellClassRule (see
 * `columnDefs`), so it survives row virtualisation: refreshing the rendered cells
 * re-evaluates the rule, nothing is painted by hand. The math lives in `cellRange`.
 * Not for: what is done with the range (copy, paste, fill down, delete: `SheetGrid`).
 */
import type { Column as TemplateColumn } from '@taizhang/schema'
import type { GridApi } from 'ag-grid-community'
import {
  boundsOf,
  clampRange,
  extendByKey,
  extendTo,
  isSingleCell,
  singleCell,
  type ArrowKey,
  type Bounds,
  type CellPos,
  type CellRange,
} from './cellRange'
import { INDEX_COL, type GridMarks } from './columnDefs'
import type { GridRow } from './rowChanges'

export const ARROW_KEYS = new Set<string>(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'])

/** The cells of the current range, ready for copy, fill down or clearing. */
export interface RangeCells {
  bounds: Bounds
  rows: GridRow[]
  /** Displayed columns of the range; null for 序号. */
  columns: (TemplateColumn | null)[]
}

export class RangeSelection {
  private range: CellRange | null = null
  private dragging = false
  /** Set while a shift+click or drag moves the focus, so the focus does not reset the range. */
  private keepOnFocus = false

  constructor(
    private readonly api: GridApi<GridRow>,
    private readonly marks: GridMarks,
    private readonly columns: Map<string, TemplateColumn>,
  ) {
    this.updateColumnIndex()
  }

  get current(): CellRange | null {
    return this.range
  }

  /** Recompute column positions after columns moved, hid or resized into view. */
  updateColumnIndex(): void {
    this.marks.colIndex = new Map(
      this.api.getAllDisplayedColumns().map((column, i) => [column.getColId(), i]),
    )
    this.set(this.range)
  }

  /** The grid focused a cell (click, keyboard navigation). */
  onFocus(rowIndex: number | null, colId: string | null): void {
    if (this.keepOnFocus) return
    const col = colId === null ? undefined : this.marks.colIndex.get(colId)
    if (rowIndex === null || col === undefined) return this.set(null)
    this.set(singleCell({ row: rowIndex, col }))
  }

  /** Native mousedown on the grid (capture phase, before AG Grid moves the focus). */
  onMouseDown(event: MouseEvent): void {
    if (event.button !== 0) return
    const pos = this.cellAt(event.target)
    if (!pos) return
    if (event.shiftKey && this.range) {
      this.keepOnFocus = true
      this.set(extendTo(this.range, pos))
      event.preventDefault()
      return
    }
    this.dragging = true
    this.keepOnFocus = false
    this.set(singleCell(pos))
  }

  onMouseOver(event: MouseEvent): void {
    if (!this.dragging || !this.range) return
    const pos = this.cellAt(event.target)
    if (!pos) return
    if (pos.row !== this.range.focus.row || pos.col !== this.range.focus.col) {
      this.keepOnFocus = true
      this.set(extendTo(this.range, pos))
    }
  }

  onMouseUp(): void {
    this.dragging = false
    // The focus event of this click has run by now; later ones start a new range.
    setTimeout(() => (this.keepOnFocus = false), 0)
  }

  /** Shift+arrow: grow or shrink the range, keeping the active cell. */
  extendByKey(key: ArrowKey): void {
    if (!this.range) return
    const rows = this.api.getDisplayedRowCount()
    const next = extendByKey(this.range, key, rows, this.marks.colIndex.size)
    this.set(next)
    this.api.ensureIndexVisible(next.focus.row)
    const column = this.api.getAllDisplayedColumns()[next.focus.col]
    if (column) this.api.ensureColumnVisible(column)
  }

  /** Ctrl+A: every displayed cell. */
  selectAll(): void {
    const rows = this.api.getDisplayedRowCount()
    const cols = this.marks.colIndex.size
    if (rows === 0 || cols === 0) return
    this.set({ anchor: { row: 0, col: 0 }, focus: { row: rows - 1, col: cols - 1 } })
  }

  /** Drop a range that points past the grid after rows were filtered out or removed. */
  clamp(): void {
    if (!this.range) return
    this.set(clampRange(this.range, this.api.getDisplayedRowCount(), this.marks.colIndex.size))
  }

  /** The cells of the range (or null with no range). */
  cells(): RangeCells | null {
    if (!this.range) return null
    const bounds = boundsOf(this.range)
    const rows: GridRow[] = []
    for (let r = bounds.top; r <= bounds.bottom; r++) {
      const node = this.api.getDisplayedRowAtIndex(r)
      if (node?.data) rows.push(node.data)
    }
    const displayed = this.api.getAllDisplayedColumns()
    const columns: (TemplateColumn | null)[] = []
    for (let c = bounds.left; c <= bounds.right; c++) {
      const id = displayed[c]?.getColId()
      columns.push(id && id !== INDEX_COL ? (this.columns.get(id) ?? null) : null)
    }
    return { bounds, rows, columns }
  }

  private set(range: CellRange | null): void {
    this.range = range
    // A single cell is shown by AG Grid's focus outline; only a real range is shaded.
    const bounds = range && !isSingleCell(range) ? boundsOf(range) : null
    const before = this.marks.range
    this.marks.range = bounds
    if (sameBounds(before, bounds)) return
    // Class rules of every rendered cell are re-evaluated; values are not re-rendered.
    this.api.refreshCells()
  }

  private cellAt(target: EventTarget | null): CellPos | null {
    if (!(target instanceof Element)) return null
    const cell = target.closest('.ag-cell[col-id]')
    const row = cell?.closest('.ag-row[row-index]')
    if (!cell || !row) return null
    const rowIndex = Number(row.getAttribute('row-index'))
    const col = this.marks.colIndex.get(cell.getAttribute('col-id') ?? '')
    if (!Number.isInteger(rowIndex) || rowIndex < 0 || col === undefined) return null
    return { row: rowIndex, col }
  }
}

function sameBounds(a: Bounds | null, b: Bounds | null): boolean {
  if (!a || !b) return a === b
  return a.top === b.top && a.bottom === b.bottom && a.left === b.left && a.right === b.right
}
