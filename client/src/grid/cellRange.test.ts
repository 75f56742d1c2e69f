import { describe, expect, it } from 'vitest'
import {
  boundsOf,
  clampRange,
  colCount,
  extendByKey,
  extendTo,
  inBounds,
  isSingleCell,
  rowCount,
  singleCell,
} from './cellRange'

describe('cell range math', () => {
  it('normalises a range dragged up and left into bounds', () => {
    const range = extendTo(singleCell({ row: 5, col: 4 }), { row: 2, col: 1 })
    expect(boundsOf(range)).toEqual({ top: 2, bottom: 5, left: 1, right: 4 })
    expect(rowCount(boundsOf(range))).toBe(4)
    expect(colCount(boundsOf(range))).toBe(4)
    expect(inBounds(boundsOf(range), 3, 2)).toBe(true)
    expect(inBounds(boundsOf(range), 6, 2)).toBe(false)
    expect(inBounds(boundsOf(range), 3, 0)).toBe(false)
  })

  it('moves only the focus corner with shift+arrows, clamped to the grid', () => {
    let range = singleCell({ row: 0, col: 0 })
    range = extendByKey(range, 'ArrowDown', 10, 3)
    range = extendByKey(range, 'ArrowRight', 10, 3)
    expect(range.anchor).toEqual({ row: 0, col: 0 })
    expect(range.focus).toEqual({ row: 1, col: 1 })
    range = extendByKey(range, 'ArrowUp', 10, 3)
    range = extendByKey(range, 'ArrowUp', 10, 3)
    range = extendByKey(range, 'ArrowLeft', 10, 3)
    range = extendByKey(range, 'ArrowLeft', 10, 3)
    expect(range.focus).toEqual({ row: 0, col: 0 })
    expect(isSingleCell(range)).toBe(true)
    for (let i = 0; i < 5; i++) range = extendByKey(range, 'ArrowRight', 10, 3)
    expect(range.focus).toEqual({ row: 0, col: 2 })
  })

  it('clips a range to a grid that shrank, and drops it for an empty grid', () => {
    const range = extendTo(singleCell({ row: 2, col: 1 }), { row: 9, col: 5 })
    expect(clampRange(range, 4, 3)).toEqual({
      anchor: { row: 2, col: 1 },
      focus: { row: 3, col: 2 },
    })
    expect(clampRange(range, 0, 3)).toBeNull()
  })
})
