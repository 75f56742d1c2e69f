/**
 * @module grid/SheetGrid
 * The spreadsheet view of a ledger (网格台账) or scoring sheet (督查评分表), bound to the
 * sheet's Y.Doc. AG Grid COMMUNITY only (the modules of `gridModules`, Theming API `themeQuartz`);
 * what Community lacks is built here: range selection (`rangeSelection`), copy / cut / paste
 * as TSV (`clipboard`, `tsvPaste`), fill down (`fillDown`), undo limited to the user's
 * own edits (`undo`). AG Grid's own undo stays off.
 *
 * Props (the contract with SheetPage):
 *   doc          the sheet's Y.Doc (already synced from IndexedDB / the WebsocketProvider)
 *   template     GridTemplate (ledger or scoring) — columns and grouped headers
 *   readOnly     true for a locked (已审核) sheet or a reader: no editing, paste, drag
 *   findings     Finding[] of the current rows (live validation); marks cells
 *                `tz-cell-error` / `tz-cell-warning`, messages as the tooltip
 *   conflicts    ConflictRecord[]; unresolved ones mark cells `tz-cell-conflict`
 *   awareness    y-protocols Awareness (provider.awareness) or null offline
 *   me           {id, name, color}: written to awareness `user`; `cursor` follows focus
 *   onCellFocus(rowId, colId)    the focused cell changed
 *   onCellContext(rowId, colId)  a conflict cell was clicked, or any cell right-clicked
 *                                (show both values / the cell's history)
 *   undoManager  optional shared Y.UndoManager (from `createUndoManager(doc)`, e.g. to
 *                share it with RowFormView); the grid makes its own otherwise
 *   ref          SheetGridHandle: focusCell(rowId, colId) (findings panel → jump),
 *                pasteText(tsv), undo(), redo()
 *
 * Cells carry AG Grid's `row-id` (the Yjs row id) and `col-id` (the column id); the
 * 序号 column is `tz-index`. The range is drawn with class `tz-in-range`; other
 * people's cells with `tz-peer-0`…`tz-peer-7` (colour from awareness). Paste works from
 * the browser's `paste` event on the focused cell (Ctrl+V, or a synthetic
 * ClipboardEvent with a DataTransfer in tests).
 *
 * Data flow: an edit goes editor → valueSetter → `parseCell` → `updateRow` in one
 * transaction with LOCAL_ORIGIN (`localWrites`). Every change of the rows map (local,
 * undo, remote) reaches the grid the same way, through `rowsBinding`: observeDeep →
 * a batched AG Grid transaction (update / add / remove by row id), so scroll, focus and
 * an open editor survive (`decideRemoteEdit`). Row order is the rows' `_pos` unless the
 * user sorts by a column; soft-deleted rows stay in the grid, hidden by an external
 * filter unless 显示已删除. Presence: `usePresence`; the row commands: `GridToolbar`.
 * This file wires those together and owns the keyboard / mouse / clipboard handlers.
 */
import {
  DELETED,
  orderedRowIds,
  type CellValue,
  type Column as TemplateColumn,
  type ConflictRecord,
  type Finding,
  type GridTemplate,
} from '@taizhang/schema'
import {
  themeQuartz,
  type CellClickedEvent,
  type CellContextMenuEvent,
  type CellEditingStartedEvent,
  type CellFocusedEvent,
  type GetRowIdParams,
  type GridApi,
  type GridReadyEvent,
  type IRowNode,
  type PostSortRowsParams,
  type RowClassRules,
  type RowDragEndEvent,
} from 'ag-grid-community'
import { AgGridReact } from 'ag-grid-react'
import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type ClipboardEvent as ReactClipboardEvent,
  type KeyboardEvent as ReactKeyboardEvent,
  type Ref,
} from 'react'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import type { PresenceUser } from '../sync/connection'
import { cellKey, changedRows, indexConflicts, indexFindings, sameMark } from './cellMarks'
import { isSingleCell, type ArrowKey } from './cellRange'
import { pasteTsv, rangeAsTsv, type PasteResult } from './clipboard'
import { buildColumnDefs, columnsById, emptyMarks, INDEX_COL } from './columnDefs'
import { planFillDown } from './fillDown'
import { GridToolbar } from './GridToolbar'
import { GRID_LOCALE_ZH } from './gridLocale'
import { registerGridModules } from './gridModules'
import {
  addRow,
  deleteRows,
  moveRowBetween,
  restoreRows,
  writeCells,
  writeTypedCell,
  type CellUpdates,
} from './localWrites'
import { ARROW_KEYS, RangeSelection } from './rangeSelection'
import type { GridRow } from './rowChanges'
import { isSorted, RowsBinding } from './rowsBinding'
import { createUndoManager, undoKeyAction } from './undo'
import { usePresence } from './usePresence'
import './grid.css'

registerGridModules()

/** Quartz with system Chinese fonts (never Google Fonts: the app must open offline). */
const gridTheme = themeQuartz.withParams({
  fontFamily: [
    '-apple-system',
    'PingFang SC',
    'Microsoft YaHei',
    'Noto Sans CJK SC',
    'Source Han Sans SC',
    'sans-serif',
  ],
  fontSize: 13,
  headerFontWeight: 600,
  spacing: 5,
  rowHeight: 32,
  headerHeight: 34,
  accentColor: '#2563eb',
  headerBackgroundColor: '#fbf7f2',
})

export interface SheetGridHandle {
  /** Scroll to a cell and focus it (showing deleted rows if the row is deleted). */
  focusCell(rowId: string, colId: string): void
  /** Paste TSV at the current range, as Ctrl+V does. */
  pasteText(text: string): PasteResult | null
  undo(): void
  redo(): void
}

export interface SheetGridProps {
  doc: Y.Doc
  template: GridTemplate
  readOnly: boolean
  findings: readonly Finding[]
  conflicts: readonly ConflictRecord[]
  awareness: Awareness | null
  me: PresenceUser
  onCellFocus?(rowId: string, colId: string): void
  onCellContext?(rowId: string, colId: string): void
  undoManager?: Y.UndoManager
  ref?: Ref<SheetGridHandle>
}

interface FocusedRow {
  id: string
  deleted: boolean
}

export function SheetGrid(props: SheetGridProps) {
  const { doc, template, readOnly, findings, conflicts, awareness, me, ref } = props
  const onCellFocusRef = useRef(props.onCellFocus)
  const onCellContextRef = useRef(props.onCellContext)
  onCellFocusRef.current = props.onCellFocus
  onCellContextRef.current = props.onCellContext

  const wrapperRef = useRef<HTMLDivElement>(null)
  const apiRef = useRef<GridApi<GridRow> | null>(null)
  const rangeRef = useRef<RangeSelection | null>(null)
  const marks = useMemo(() => emptyMarks(), [])
  const columns = useMemo(() => columnsById(template), [template])
  const bindingRef = useRef<RowsBinding | null>(null)
  const showDeletedRef = useRef(false)
  const [api, setApi] = useState<GridApi<GridRow> | null>(null)

  const [showDeleted, setShowDeleted] = useState(false)
  const [focusedRow, setFocusedRow] = useState<FocusedRow | null>(null)
  const [notice, setNotice] = useState('')
  const [canUndo, setCanUndo] = useState(false)
  const [canRedo, setCanRedo] = useState(false)

  // ---- undo -----------------------------------------------------------------------
  // Made in an effect (not a memo) so StrictMode's unmount / remount gets a live one.
  const [ownUndo, setOwnUndo] = useState<Y.UndoManager | null>(null)
  useEffect(() => {
    if (props.undoManager) return
    const created = createUndoManager(doc)
    setOwnUndo(created)
    return () => {
      created.destroy()
      setOwnUndo(null)
    }
  }, [doc, props.undoManager])
  const undoManager = props.undoManager ?? ownUndo
  useEffect(() => {
    if (!undoManager) return
    const update = () => {
      setCanUndo(undoManager.canUndo())
      setCanRedo(undoManager.canRedo())
    }
    update()
    undoManager.on('stack-item-added', update)
    undoManager.on('stack-item-popped', update)
    undoManager.on('stack-cleared', update)
    return () => {
      undoManager.off('stack-item-added', update)
      undoManager.off('stack-item-popped', update)
      undoManager.off('stack-cleared', update)
    }
  }, [undoManager])

  // ---- writes ---------------------------------------------------------------------
  const write = useCallback(
    (rowId: string, column: TemplateColumn, input: unknown): CellValue =>
      writeTypedCell(doc, rowId, column, input),
    [doc],
  )

  const columnDefs = useMemo(
    () => buildColumnDefs({ template, readOnly, marks, write }),
    [template, readOnly, marks, write],
  )

  // ---- Yjs → grid (see rowsBinding) ----------------------------------------------
  useEffect(() => {
    if (!api) return
    const binding = new RowsBinding(doc, api, columns, {
      onChangedUnderEditor: (_colId, value) =>
        setNotice(
          `你正在编辑的单元格刚被其他人改为“${String(value ?? '（空）')}”；保存后以你的输入为准，按 Esc 放弃。`,
        ),
      afterApply: () => rangeRef.current?.clamp(),
    })
    bindingRef.current = binding
    binding.start()
    return () => {
      binding.destroy()
      if (bindingRef.current === binding) bindingRef.current = null
    }
  }, [doc, api, columns])

  // ---- marks: findings, conflicts ---------------------------------------------------
  const refreshRows = useCallback((rowIds: Iterable<string>) => {
    const api = apiRef.current
    if (!api) return
    const rowNodes: IRowNode<GridRow>[] = []
    for (const id of rowIds) {
      const node = api.getRowNode(id)
      if (node) rowNodes.push(node)
    }
    if (rowNodes.length > 0) api.refreshCells({ rowNodes })
  }, [])

  useEffect(() => {
    const next = indexFindings(findings)
    const rows = changedRows(marks.findings, next, sameMark)
    marks.findings = next
    refreshRows(rows)
  }, [findings, marks, refreshRows])

  useEffect(() => {
    const next = indexConflicts(conflicts)
    const rows = changedRows(marks.conflicts, next)
    marks.conflicts = next
    refreshRows(rows)
  }, [conflicts, marks, refreshRows])

  // ---- presence ---------------------------------------------------------------------
  usePresence(awareness, me, marks, wrapperRef, refreshRows)

  // ---- grid events ------------------------------------------------------------------
  const onGridReady = useCallback(
    (event: GridReadyEvent<GridRow>) => {
      apiRef.current = event.api
      rangeRef.current = new RangeSelection(event.api, marks, columns)
      setApi(event.api)
    },
    [marks, columns],
  )

  const onGridPreDestroyed = useCallback(() => {
    apiRef.current = null
    rangeRef.current = null
    setApi(null)
  }, [])

  const onCellFocused = useCallback(
    (event: CellFocusedEvent<GridRow>) => {
      const api = apiRef.current
      const colId =
        typeof event.column === 'string' ? event.column : (event.column?.getColId() ?? null)
      rangeRef.current?.onFocus(event.rowIndex, colId)
      const node = event.rowIndex === null ? undefined : api?.getDisplayedRowAtIndex(event.rowIndex)
      const row = node?.data
      setFocusedRow(row ? { id: row.id, deleted: row[DELETED] } : null)
      if (!row || !colId || colId === INDEX_COL) return
      awareness?.setLocalStateField('cursor', { rowId: row.id, colId })
      onCellFocusRef.current?.(row.id, colId)
    },
    [awareness],
  )

  const onCellEditingStarted = useCallback((event: CellEditingStartedEvent<GridRow>) => {
    const colId = event.column.getColId()
    if (!event.data) return
    bindingRef.current?.editingStarted(event.data.id, colId, event.data[colId] ?? null)
  }, [])

  const onCellEditingStopped = useCallback(() => {
    bindingRef.current?.editingStopped()
    setNotice((n) => (n.startsWith('你正在编辑') ? '' : n))
  }, [])

  const onCellClicked = useCallback(
    (event: CellClickedEvent<GridRow>) => {
      const rowId = event.data?.id
      const colId = event.column.getColId()
      if (rowId && marks.conflicts.has(cellKey(rowId, colId))) {
        onCellContextRef.current?.(rowId, colId)
      }
    },
    [marks],
  )

  const onCellContextMenu = useCallback((event: CellContextMenuEvent<GridRow>) => {
    const rowId = event.data?.id
    const colId = event.column.getColId()
    if (rowId && colId !== INDEX_COL) onCellContextRef.current?.(rowId, colId)
  }, [])

  const onRowDragEnd = useCallback(
    (event: RowDragEndEvent<GridRow>) => {
      const moved = event.node.data
      const over = event.overNode?.data
      if (readOnly || !moved || !over || moved.id === over.id) return
      if (isSorted(apiRef.current)) {
        setNotice('按列排序时不能拖动行：请先取消排序。')
        return
      }
      const ids = orderedRowIds(doc, { includeDeleted: true }).filter((id) => id !== moved.id)
      const i = ids.indexOf(over.id)
      const down = (event.node.rowIndex ?? 0) < (event.overIndex ?? 0)
      if (down) moveRowBetween(doc, moved.id, over.id, ids[i + 1] ?? null)
      else moveRowBetween(doc, moved.id, ids[i - 1] ?? null, over.id)
    },
    [doc, readOnly],
  )

  const onDisplayedColumnsChanged = useCallback(() => rangeRef.current?.updateColumnIndex(), [])

  const onModelUpdated = useCallback(() => {
    // 序号 follows the display order after sorting, filtering and moves.
    apiRef.current?.refreshCells({ columns: [INDEX_COL] })
  }, [])

  const getRowId = useCallback((params: GetRowIdParams<GridRow>) => params.data.id, [])

  const postSortRows = useCallback(
    (params: PostSortRowsParams<GridRow>) => bindingRef.current?.sortByPosition(params.nodes),
    [],
  )

  const isExternalFilterPresent = useCallback(() => !showDeletedRef.current, [])
  const doesExternalFilterPass = useCallback((node: IRowNode<GridRow>) => !node.data?.[DELETED], [])

  const rowClassRules = useMemo<RowClassRules<GridRow>>(
    () => ({ 'tz-row-deleted': (p) => !!p.data?.[DELETED] }),
    [],
  )

  // ---- commands ---------------------------------------------------------------------
  const isEditing = () => (apiRef.current?.getEditingCells().length ?? 0) > 0

  const firstColumnId = useMemo(() => [...columns.keys()][0] ?? '', [columns])

  const addRowAfterFocus = useCallback(() => {
    if (readOnly) return
    const after = focusedRow?.id ?? null
    const ids = orderedRowIds(doc, { includeDeleted: true })
    const before = after ? (ids[ids.indexOf(after) + 1] ?? null) : null
    const id = addRow(doc, after, before)
    bindingRef.current?.focusWhenShown(id, firstColumnId)
  }, [doc, readOnly, focusedRow, firstColumnId])

  const selectedRowIds = useCallback((): string[] => {
    const cells = rangeRef.current?.cells()
    if (cells && cells.rows.length > 0) return cells.rows.map((r) => r.id)
    return focusedRow ? [focusedRow.id] : []
  }, [focusedRow])

  const deleteSelected = useCallback(() => {
    if (readOnly) return
    const ids = selectedRowIds()
    if (ids.length === 0) return
    deleteRows(doc, ids)
    setNotice(`已删除 ${ids.length} 行；勾选“显示已删除”可恢复。`)
  }, [doc, readOnly, selectedRowIds])

  const restoreSelected = useCallback(() => {
    if (readOnly) return
    const ids = selectedRowIds()
    restoreRows(doc, ids)
    setFocusedRow((row) => (row ? { ...row, deleted: false } : row))
    setNotice(`已恢复 ${ids.length} 行。`)
  }, [doc, readOnly, selectedRowIds])

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
    [doc, readOnly, focusedRow, firstColumnId],
  )

  const toggleDeleted = useCallback((show: boolean) => {
    showDeletedRef.current = show
    setShowDeleted(show)
    apiRef.current?.onFilterChanged()
  }, [])

  const fillDown = useCallback(() => {
    const range = rangeRef.current
    const api = apiRef.current
    const cells = range?.cells()
    if (readOnly || !api || !cells || cells.rows.length === 0) return
    const above =
      cells.bounds.top > 0 ? (api.getDisplayedRowAtIndex(cells.bounds.top - 1)?.data ?? null) : null
    const updates: CellUpdates = planFillDown(cells.rows, cells.columns, above)
    if (updates.size > 0) writeCells(doc, updates)
  }, [doc, readOnly])

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
  }, [doc, readOnly])

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
    [doc, readOnly, columns],
  )

  const undo = useCallback(() => {
    if (!readOnly) undoManager?.undo()
  }, [undoManager, readOnly])
  const redo = useCallback(() => {
    if (!readOnly) undoManager?.redo()
  }, [undoManager, readOnly])

  const focusCell = useCallback(
    (rowId: string, colId: string) => {
      const api = apiRef.current
      const node = api?.getRowNode(rowId)
      if (!api || !node) return
      if (node.data?.[DELETED] && !showDeletedRef.current) toggleDeleted(true)
      if (node.rowIndex === null) {
        // Filtered out by a column filter: show everything, then focus.
        api.setFilterModel(null)
      }
      if (node.rowIndex === null) return
      api.ensureNodeVisible(node, 'middle')
      api.ensureColumnVisible(colId)
      api.setFocusedCell(node.rowIndex, colId)
    },
    [toggleDeleted],
  )

  useImperativeHandle(ref, () => ({ focusCell, pasteText: paste, undo, redo }), [
    focusCell,
    paste,
    undo,
    redo,
  ])

  // ---- keyboard, mouse and clipboard on the wrapper ----------------------------------
  const onKeyDownCapture = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (isEditing()) return
    const e = event.nativeEvent
    const stop = () => {
      event.preventDefault()
      event.stopPropagation()
    }
    const action = undoKeyAction(e)
    if (action) {
      stop()
      if (action === 'undo') undo()
      else redo()
      return
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'd') {
      stop()
      fillDown()
      return
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'a') {
      stop()
      rangeRef.current?.selectAll()
      return
    }
    if (e.shiftKey && !e.ctrlKey && !e.metaKey && ARROW_KEYS.has(e.key)) {
      stop()
      rangeRef.current?.extendByKey(e.key as ArrowKey)
      return
    }
    if (e.key === 'Delete' && !readOnly) {
      // One transaction for the whole range (AG Grid would clear only the focused cell).
      const range = rangeRef.current?.current
      if (range && !isSingleCell(range)) {
        stop()
        clearRange()
      }
    }
  }

  const onCopy = (event: ReactClipboardEvent<HTMLDivElement>) => {
    if (isEditing() || !rangeRef.current) return
    const tsv = rangeAsTsv(rangeRef.current)
    if (tsv === null) return
    event.clipboardData.setData('text/plain', tsv)
    event.preventDefault()
  }

  const onCut = (event: ReactClipboardEvent<HTMLDivElement>) => {
    if (isEditing() || readOnly) return
    onCopy(event)
    clearRange()
  }

  const onPaste = (event: ReactClipboardEvent<HTMLDivElement>) => {
    if (isEditing()) return
    const text = event.clipboardData.getData('text/plain')
    event.preventDefault()
    paste(text)
  }

  useEffect(() => {
    const up = () => rangeRef.current?.onMouseUp()
    window.addEventListener('mouseup', up)
    return () => window.removeEventListener('mouseup', up)
  }, [])

  return (
    <div className="tz-grid">
      <GridToolbar
        readOnly={readOnly}
        hasFocusedRow={!!focusedRow}
        focusedRowDeleted={focusedRow?.deleted ?? false}
        showDeleted={showDeleted}
        canUndo={canUndo}
        canRedo={canRedo}
        notice={notice}
        onAdd={addRowAfterFocus}
        onDelete={deleteSelected}
        onRestore={restoreSelected}
        onMove={moveFocused}
        onUndo={undo}
        onRedo={redo}
        onShowDeleted={toggleDeleted}
      />
      <div
        ref={wrapperRef}
        className="tz-grid-body"
        onKeyDownCapture={onKeyDownCapture}
        onMouseDownCapture={(e) => rangeRef.current?.onMouseDown(e.nativeEvent)}
        onMouseOver={(e) => rangeRef.current?.onMouseOver(e.nativeEvent)}
        onCopy={onCopy}
        onCut={onCut}
        onPaste={onPaste}
      >
        <AgGridReact<GridRow>
          theme={gridTheme}
          loadThemeGoogleFonts={false}
          columnDefs={columnDefs}
          defaultColDef={DEFAULT_COL_DEF}
          getRowId={getRowId}
          onGridReady={onGridReady}
          onGridPreDestroyed={onGridPreDestroyed}
          onCellFocused={onCellFocused}
          onCellEditingStarted={onCellEditingStarted}
          onCellEditingStopped={onCellEditingStopped}
          onCellClicked={onCellClicked}
          onCellContextMenu={onCellContextMenu}
          onRowDragEnd={onRowDragEnd}
          onDisplayedColumnsChanged={onDisplayedColumnsChanged}
          onModelUpdated={onModelUpdated}
          postSortRows={postSortRows}
          isExternalFilterPresent={isExternalFilterPresent}
          doesExternalFilterPass={doesExternalFilterPass}
          rowClassRules={rowClassRules}
          localeText={GRID_LOCALE_ZH}
          undoRedoCellEditing={false}
          stopEditingWhenCellsLoseFocus
          enterNavigatesVerticallyAfterEdit
          preventDefaultOnContextMenu
          suppressMoveWhenRowDragging
          tooltipShowDelay={300}
          rowBuffer={10}
          animateRows={false}
        />
      </div>
    </div>
  )
}

// Chinese headers wrap instead of being cut ("5簿6册1卡"档案齐全(10分)).
const DEFAULT_COL_DEF = {
  sortable: true,
  resizable: true,
  wrapHeaderText: true,
  autoHeaderHeight: true,
}
