/**
 * @module grid/useGridCommands
 * The sheet grid's commands on rows and on the selected range, as the toolbar, the keys and
 * `SheetGridHandle` call them: add a row after the focused one, delete / restore the
 * selected rows (soft delete, SPEC §6.3), move the focused row, fill down, clear the range,
 * paste TSV, and show or hide deleted rows. Each write goes through `localWrites` (one
 * transaction with LOCAL_ORIGIN, so one undo step), nothing is written on a read-only sheet,
 * and what happened is said in the toolbar notice.
 * Not for: when they run (keys and clipboard in `useGridKeys`, buttons in `GridToolbar`).
 */
import { DELETED, orderedRowIds, type CellValue, type Column } from '@taizhang/schema'
import type { IRowNode } from 'ag-grid-community'
import { useCallback, useMemo, useRef, useState, type Dispatch, type SetStateAction } from 'react'
import type * as Y from 'yjs'
import { pasteTsv, type PasteResult } from './clipboard'
import { planFillDown } from './fillDown'
import type { GridRefs } from './gridRefs'
import {
  addRow,
  deleteRows,
  moveRowBetween,
  restoreRows,
  writeCells,
  type CellUpdates,
} from './localWrites'
import type { GridRow } from './rowChanges'
import { isSorted } from './rowsBinding'

/** The row holding the focused cell. */
export interface FocusedRow {
  id: string
  deleted: boolean
}

export interface GridCommandsOptions {
  doc: Y.Doc
  readOnly: boolean
  /** The template's columns by id, in template order. */
  columns: Map<string, Column>
  refs: GridRefs
  focusedRow: FocusedRow | null
  setFocusedRow: Dispatch<SetStateAction<FocusedRow | null>>
  setNotice(notice: string): void
}

export interface GridCommands {
  addRowAfterFocus(): void
  deleteSelected(): void
  restoreSelected(): void
  moveFocused(direction: -1 | 1): void
  fillDown(): void
  clearRange(): void
  /** Paste TSV at the current range; null when there is no range or the sheet is read-only. */
  paste(text: string): PasteResult | null
  showDeleted: boolean
  toggleDeleted(show: boolean): void
  /** AG Grid's external filter: deleted rows are hidden unless 显示已删除. */
  isExternalFilterPresent(): boolean
  doesExternalFilterPass(node: IRowNode<GridRow>): boolean
}

export function useGridCommands(options: GridCommandsOptions): GridCommands {
  const { doc, readOnly, columns, refs, focusedRow, setFocusedRow, setNotice } = options
  const { api: apiRef, range: rangeRef, binding: bindingRef } = refs
  const firstColumnId = useMemo(() => [...columns.keys()][0] ?? '', [columns])

  // ---- deleted rows: hidden by an external filter unless 显示已删除 -------------------
  // The filter callbacks read a ref, so they stay the same functions for AG Grid.
  const [showDeleted, setShowDeleted] = useState(false)
  const showDeletedRef = useRef(false)
  const toggleDeleted = useCallback(
    (show: boolean) => {
      showDeletedRef.current = show
      setShowDeleted(show)
      apiRef.current?.onFilterChanged()
    },
    [apiRef],
  )
  const isExternalFilterPresent = useCallback(() => !showDeletedRef.current, [])
  const doesExternalFilterPass = useCallback((node: IRowNode<GridRow>) => !node.data?.[DELETED], [])

  // ---- rows ---------------------------------------------------------------------------
  const addRowAfterFocus = useCallback(() => {
    if (readOnly) return
    const after = focusedRow?.id ?? null
    const ids = orderedRowIds(doc, { includeDeleted: true })
    const before = after ? (ids[ids.indexOf(after) + 1] ?? null) : null
    const id = addRow(doc, after, before)
    bindingRef.current?.focusWhenShown(id, firstColumnId)
  }, [doc, readOnly, focusedRow, firstColumnId, bindingRef])

  const selectedRowIds = useCallback((): string[] => {
    const cells = rangeRef.current?.cells()
    if (cells && cells.rows.length > 0) return cells.rows.map((r) => r.id)
    return focusedRow ? [focusedRow.id] : []
  }, [focusedRow, rangeRef])

  const deleteSelected = useCallback(() => {
    if (readOnly) return
    const ids = selectedRowIds()
    if (ids.length === 0) return
    deleteRows(doc, ids)
    setNotice(`已删除 ${ids.length} 行；勾选“显示已删除”可恢复。`)
  }, [doc, readOnly, selectedRowIds, setNotice])

  const restoreSelected = useCallback(() => {
    if (readOnly) return
    const ids = selectedRowIds()
    restoreRows(doc, ids)
    setFocusedRow((row) => (row ? { ...row, deleted: false } : row))
    setNotice(`已恢复 ${ids.length} 行。`)
  }, [doc, readOnly, selectedRowIds, setFocusedRow, setNotice])

  const moveFocused = useCallback(
    (direction: -1 | 1) => {
      if (readOnly || !focusedRow) return
      if (isSorted(apiRef.current)) {
        setNotice('按列排序时不能移动行：请先取消排序。')
        return
      }
      const ids = orderedRowIds(doc)
      const i = ids.indexOf(focusedRow.id)
      if (i < 0) return
      const colId = apiRef.current?.getFocusedCell()?.column.getColId() ?? firstColumnId
      if (direction < 0 && i > 0)
        moveRowBetween(doc, focusedRow.id, ids[i - 2] ?? null, ids[i - 1]!)
      else if (direction > 0 && i < ids.length - 1)
        moveRowBetween(doc, focusedRow.id, ids[i + 1]!, ids[i + 2] ?? null)
      else return
      bindingRef.current?.focusWhenShown(focusedRow.id, colId)
    },
    [doc, readOnly, focusedRow, firstColumnId, apiRef, bindingRef, setNotice],
  )

  // ---- the range ----------------------------------------------------------------------
  const fillDown = useCallback(() => {
    const api = apiRef.current
    const cells = rangeRef.current?.cells()
    if (readOnly || !api || !cells || cells.rows.length === 0) return
    const above =
      cells.bounds.top > 0 ? (api.getDisplayedRowAtIndex(cells.bounds.top - 1)?.data ?? null) : null
    const updates: CellUpdates = planFillDown(cells.rows, cells.columns, above)
    if (updates.size > 0) writeCells(doc, updates)
  }, [doc, readOnly, apiRef, rangeRef])

  const clearRange = useCallback(() => {
    const cells = rangeRef.current?.cells()
    if (readOnly || !cells) return
    const updates: CellUpdates = new Map()
    for (const row of cells.rows) {
      if (row[DELETED]) continue
      const values: Record<string, CellValue> = {}
      for (const column of cells.columns) {
        if (column && column.type !== 'computed' && (row[column.id] ?? null) !== null) {
          values[column.id] = null
        }
      }
      if (Object.keys(values).length > 0) updates.set(row.id, values)
    }
    if (updates.size > 0) writeCells(doc, updates)
  }, [doc, readOnly, rangeRef])

  const paste = useCallback(
    (text: string): PasteResult | null => {
      const api = apiRef.current
      const range = rangeRef.current
      if (!api || !range) return null
      if (readOnly) {
        setNotice('此表为只读，不能粘贴。')
        return null
      }
      const result = pasteTsv(doc, api, range, columns, text)
      if (result) {
        const added = result.newRows > 0 ? `，新增 ${result.newRows} 行` : ''
        const skipped = result.skipped > 0 ? `，${result.skipped} 个单元格超出可填列被忽略` : ''
        setNotice(`已粘贴 ${result.cells} 个单元格${added}${skipped}。`)
      }
      return result
    },
    [doc, readOnly, columns, apiRef, rangeRef, setNotice],
  )

  return {
    addRowAfterFocus,
    deleteSelected,
    restoreSelected,
    moveFocused,
    fillDown,
    clearRange,
    paste,
    showDeleted,
    toggleDeleted,
    isExternalFilterPresent,
    doesExternalFilterPass,
  }
}
