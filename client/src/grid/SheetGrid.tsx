/**
 * @module grid/SheetGrid
 * The spreadsheet view of a ledger (网格台账) or scoring sheet (督查评分表), bound to the
 * sheet's Y.Doc. AG Grid COMMUNITY only (the modules of `gridModules`, Theming API in
 * `gridTheme`); what Community lacks is built beside it: range selection
 * (`rangeSelection`), copy / cut / paste as TSV (`clipboard`, `tsvPaste`), fill down
 * (`fillDown`), undo limited to the user's own edits (`undo`, `useGridUndo`). AG Grid's own
 * undo stays off.
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
 * filter unless 显示已删除.
 * This file wires the parts together and owns AG Grid's events: the marks
 * (`useCellMarks`), presence outlines (`usePresenceOutlines`), the row and range commands
 * (`useGridCommands`) with their toolbar (`GridToolbar`), and the wrapper's keys, mouse and
 * clipboard (`useGridKeys`).
 */
import {
  DELETED,
  orderedRowIds,
  type CellValue,
  type Column as TemplateColumn,
  type ConflictRecord,
  type Finding,
  type GridTemplate,
  type PresenceUser,
} from '@taizhang/schema'
import type {
  CellClickedEvent,
  CellContextMenuEvent,
  CellEditingStartedEvent,
  CellFocusedEvent,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  PostSortRowsParams,
  RowClassRules,
  RowDragEndEvent,
} from 'ag-grid-community'
import { AgGridReact } from 'ag-grid-react'
import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type Ref,
} from 'react'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { cellKey } from './cellMarks'
import type { PasteResult } from './clipboard'
import { AttachmentCell } from './AttachmentCell'
import { buildColumnDefs, columnsById, emptyMarks, INDEX_COL } from './columnDefs'
import { GridToolbar } from './GridToolbar'
import { GRID_LOCALE_ZH } from './gridLocale'
import { registerGridModules } from './gridModules'
import type { GridRefs } from './gridRefs'
import { DEFAULT_COL_DEF, gridTheme } from './gridTheme'
import { moveRowBetween, writeTypedCell } from './localWrites'
import { RangeSelection } from './rangeSelection'
import type { GridRow } from './rowChanges'
import { isSorted, RowsBinding } from './rowsBinding'
import { useCellMarks } from './useCellMarks'
import { useGridCommands, type FocusedRow } from './useGridCommands'
import { useGridKeys } from './useGridKeys'
import { useGridUndo } from './useGridUndo'
import { usePresenceOutlines } from './usePresenceOutlines'
import './grid.css'

registerGridModules()

/** What SheetPage can ask of the grid. */
export interface SheetGridHandle {
  /** Scroll to a cell and focus it (showing deleted rows if the row is deleted). */
  focusCell(rowId: string, colId: string): void
  /** Paste TSV at the current range, as Ctrl+V does. */
  pasteText(text: string): PasteResult | null
  undo(): void
  redo(): void
}

/** The contract with SheetPage. */
export interface SheetGridProps {
  /** The sheet's Y.Doc, already synced from IndexedDB / the WebsocketProvider. */
  doc: Y.Doc
  /** Ledger or scoring template: the columns and their grouped headers. */
  template: GridTemplate
  /** A locked (已审核) sheet or a reader: no editing, paste or row drag. */
  readOnly: boolean
  /**
   * Live validation of the current rows: cells marked `tz-cell-error` /
   * `tz-cell-warning`, the messages as their tooltip.
   */
  findings: readonly Finding[]
  /** The doc's conflict records; the cells of unresolved ones are marked `tz-cell-conflict`. */
  conflicts: readonly ConflictRecord[]
  /** y-protocols Awareness (`provider.awareness`), or null offline. */
  awareness: Awareness | null
  /** Written to awareness `user`; awareness `cursor` follows the focused cell. */
  me: PresenceUser
  /** The focused cell changed. */
  onCellFocus?(rowId: string, colId: string): void
  /**
   * A conflict cell was clicked or any cell right-clicked (to show both values or the
   * cell's history).
   */
  onCellContext?(rowId: string, colId: string): void
  /**
   * A shared Y.UndoManager (from `createUndoManager(doc)`, e.g. to share it with
   * RowFormView); without one the grid makes its own.
   */
  undoManager?: Y.UndoManager
  /** focusCell (findings panel → jump), pasteText, undo, redo. */
  ref?: Ref<SheetGridHandle>
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
  const bindingRef = useRef<RowsBinding | null>(null)
  const refs = useMemo<GridRefs>(() => ({ api: apiRef, range: rangeRef, binding: bindingRef }), [])
  const marks = useMemo(() => emptyMarks(), [])
  const columns = useMemo(() => columnsById(template), [template])
  const [api, setApi] = useState<GridApi<GridRow> | null>(null)
  const [focusedRow, setFocusedRow] = useState<FocusedRow | null>(null)
  const [notice, setNotice] = useState('')

  const gridUndo = useGridUndo(doc, props.undoManager, readOnly)
  const commands = useGridCommands({
    doc,
    readOnly,
    columns,
    refs,
    focusedRow,
    setFocusedRow,
    setNotice,
  })
  const wrapperHandlers = useGridKeys(refs, readOnly, commands, gridUndo)

  const write = useCallback(
    (rowId: string, column: TemplateColumn, input: unknown): CellValue =>
      writeTypedCell(doc, rowId, column, input),
    [doc],
  )
  const columnDefs = useMemo(
    () => buildColumnDefs({ template, readOnly, marks, write, attachmentRenderer: AttachmentCell }),
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

  // ---- marks and presence -----------------------------------------------------------
  const refreshRows = useCellMarks(refs, marks, findings, conflicts)
  usePresenceOutlines(awareness, me, marks, wrapperRef, refreshRows)

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

  const rowClassRules = useMemo<RowClassRules<GridRow>>(
    () => ({ 'tz-row-deleted': (p) => !!p.data?.[DELETED] }),
    [],
  )

  // ---- what SheetPage can call --------------------------------------------------------
  const { toggleDeleted, isExternalFilterPresent, paste } = commands
  const { undo, redo } = gridUndo
  const focusCell = useCallback(
    (rowId: string, colId: string) => {
      const api = apiRef.current
      const node = api?.getRowNode(rowId)
      if (!api || !node) return
      // A deleted row is behind the external filter while deleted rows are hidden.
      if (node.data?.[DELETED] && isExternalFilterPresent()) toggleDeleted(true)
      if (node.rowIndex === null) {
        // Filtered out by a column filter: show everything, then focus.
        api.setFilterModel(null)
      }
      if (node.rowIndex === null) return
      api.ensureNodeVisible(node, 'middle')
      api.ensureColumnVisible(colId)
      api.setFocusedCell(node.rowIndex, colId)
    },
    [toggleDeleted, isExternalFilterPresent],
  )

  useImperativeHandle(ref, () => ({ focusCell, pasteText: paste, undo, redo }), [
    focusCell,
    paste,
    undo,
    redo,
  ])

  return (
    <div className="tz-grid">
      <GridToolbar
        readOnly={readOnly}
        hasFocusedRow={!!focusedRow}
        focusedRowDeleted={focusedRow?.deleted ?? false}
        showDeleted={commands.showDeleted}
        canUndo={gridUndo.canUndo}
        canRedo={gridUndo.canRedo}
        notice={notice}
        onAdd={commands.addRowAfterFocus}
        onDelete={commands.deleteSelected}
        onRestore={commands.restoreSelected}
        onMove={commands.moveFocused}
        onUndo={undo}
        onRedo={redo}
        onShowDeleted={toggleDeleted}
      />
      <div ref={wrapperRef} className="tz-grid-body" {...wrapperHandlers}>
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
          doesExternalFilterPass={commands.doesExternalFilterPass}
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
