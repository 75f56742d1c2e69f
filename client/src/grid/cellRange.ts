/**
 * @module grid/cellRange
 * Pure math of a rectangular cell range (AG Grid Community has no range selection; we
 * build our own, see `rangeSelection`). Positions are display indices: the row's index
 * after sort and filter, the column's index among the displayed columns. The anchor is
 * where the selection started (the focused cell), the focus the opposite corner that
 * mouse drag, shift+click and shift+arrows move.
 * Not for: AG Grid or the DOM (this file has no imports, so it is unit-tested in node).
 */

export interface CellPos {
  row: number
  col: number
}

export interface CellRange {
  anchor: CellPos
  focus: CellPos
}

/** Inclusive bounds of a range. */
export interface Bounds {
  top: number
  bottom: number
  left: number
  right: number
}

export type ArrowKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight'

export function singleCell(pos: CellPos): CellRange {
  return { anchor: { ...pos }, focus: { ...pos } }
}

export function boundsOf(range: CellRange): Bounds {
  const { anchor, focus } = range
  return {
    top: Math.min(anchor.row, focus.row),
    bottom: Math.max(anchor.row, focus.row),
    left: Math.min(anchor.col, focus.col),
    right: Math.max(anchor.col, focus.col),
  }
}

export function inBounds(bounds: Bounds, row: number, col: number): boolean {
  return row >= bounds.top && row <= bounds.bottom && col >= bounds.left && col <= bounds.right
}

export function isSingleCell(range: CellRange): boolean {
  return range.anchor.row === range.focus.row && range.anchor.col === range.focus.col
}

export function rowCount(bounds: Bounds): number {
  return bounds.bottom - bounds.top + 1
}

export function colCount(bounds: Bounds): number {
  return bounds.right - bounds.left + 1
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(n, max))
}

/** The range with its focus moved to `focus` (mouse drag over a cell, shift+click). */
export function extendTo(range: CellRange, focus: CellPos): CellRange {
  return { anchor: range.anchor, focus: { ...focus } }
}

/**
 * Shift+arrow: move the focus corner one cell, staying inside a grid of
 * `rows` × `cols` displayed cells. The anchor (the active cell) never moves.
 */
export function extendByKey(
  range: CellRange,
  key: ArrowKey,
  rows: number,
  cols: number,
): CellRange {
  const { row, col } = range.focus
  const next: CellPos =
    key === 'ArrowUp'
      ? { row: row - 1, col }
      : key === 'ArrowDown'
        ? { row: row + 1, col }
        : key === 'ArrowLeft'
          ? { row, col: col - 1 }
          : { row, col: col + 1 }
  return extendTo(range, { row: clamp(next.row, rows - 1), col: clamp(next.col, cols - 1) })
}

/** The range clipped to a grid that shrank (rows filtered out, columns hidden). */
export function clampRange(range: CellRange, rows: number, cols: number): CellRange | null {
  if (rows <= 0 || cols <= 0) return null
  const fix = (p: CellPos): CellPos => ({
    row: clamp(p.row, rows - 1),
    col: clamp(p.col, cols - 1),
  })
  return { anchor: fix(range.anchor), focus: fix(range.focus) }
}
