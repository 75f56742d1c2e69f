/**
 * @module grid/columnDefs
 * AG Grid column definitions from a grid template: one column per template column
 * (id = the column id, so cells carry `col-id`), grouped headers from `column.group`
 * (consecutive columns of one group share a header; `marryChildren` keeps them
 * together), header text from the schema's `headerLabel` (units, max points), an
 * editor fitting the type, and the marks (findings, conflicts, range, presence) as
 * cellClassRules that read the mutable `GridMarks` — a Map lookup per rendered cell, no
 * per-cell React renderer, so 10,000 rows scroll with row virtualisation alone.
 *
 * Editors: numbers, dates, codes and phones use a plain text editor, not AG Grid's
 * number/date editors, because people type 全角 digits, "12人" or 2026年3月5日; the
 * schema's `parseCell` reads those and keeps what it cannot read as text (then marked).
 * Option lists and 是/否 use agSelectCellEditor; long text agLargeTextCellEditor; an
 * `attachment` column (photos) is not typed into: its renderer (`AttachmentCell`, given by the
 * grid) shows the count and adds photos.
 * Not for: writing to Yjs itself (the `write` callback does, see `localWrites`).
 */
import {
  DELETED,
  columnsOf,
  headerLabel,
  valueText,
  withComputed,
  type CellValue,
  type Column,
  type GridTemplate,
} from '@taizhang/schema'
import type {
  CellClassParams,
  ColDef,
  ColGroupDef,
  EditableCallbackParams,
  ITooltipParams,
  ValueFormatterParams,
  ValueGetterParams,
  ValueSetterParams,
} from 'ag-grid-community'
import { inBounds, type Bounds } from './cellRange'
import { cellKey, type CellMark } from './cellMarks'
import { displayText } from './cellText'
import { PEER_SLOTS, type PresenceIndex } from './presence'
import type { GridRow } from './rowChanges'

/** Id of the 序号 column (row number and drag handle); not a sheet column. */
export const INDEX_COL = 'tz-index'

/** What the cell class rules read; mutated in place, then the affected cells refreshed. */
export interface GridMarks {
  findings: Map<string, CellMark>
  conflicts: Set<string>
  presence: PresenceIndex
  /** The selected range when it spans more than one cell (drawn shaded). */
  range: Bounds | null
  /** Displayed column id → display index (for the range). */
  colIndex: Map<string, number>
}

export function emptyMarks(): GridMarks {
  return {
    findings: new Map(),
    conflicts: new Set(),
    presence: { slots: new Map(), names: new Map() },
    range: null,
    colIndex: new Map(),
  }
}

export interface ColumnDefOptions {
  template: GridTemplate
  readOnly: boolean
  marks: GridMarks
  /** Write an edited cell (`input`: what the editor returned); returns the stored value. */
  write(rowId: string, column: Column, input: unknown): CellValue
  /**
   * The cell renderer of `attachment` columns (photos, SPEC §10), given `{column, readOnly,
   * write}`; without one those cells show their ids as text.
   */
  attachmentRenderer?: ColDef<GridRow>['cellRenderer']
}

type Params = CellClassParams<GridRow>

const NUMERIC = new Set(['integer', 'money', 'score'])

/** Pixel width for a template width in characters (Chinese characters are ~14 px). */
export const pixelWidth = (column: Column): number => Math.max(64, (column.width ?? 10) * 14 + 28)

function key(params: { data?: GridRow | undefined; colDef?: { colId?: string } }): string | null {
  const rowId = params.data?.id
  const colId = params.colDef?.colId
  return rowId && colId ? cellKey(rowId, colId) : null
}

function classRules(marks: GridMarks): ColDef<GridRow>['cellClassRules'] {
  const rules: NonNullable<ColDef<GridRow>['cellClassRules']> = {
    'tz-cell-error': (p: Params) => marks.findings.get(key(p) ?? '')?.severity === 'error',
    'tz-cell-warning': (p: Params) => marks.findings.get(key(p) ?? '')?.severity === 'warning',
    'tz-cell-conflict': (p: Params) => marks.conflicts.has(key(p) ?? ''),
    'tz-in-range': (p: Params) => {
      const range = marks.range
      if (!range || p.node.rowIndex === null) return false
      const col = marks.colIndex.get(p.colDef.colId ?? '')
      return col !== undefined && inBounds(range, p.node.rowIndex, col)
    },
  }
  for (let slot = 0; slot < PEER_SLOTS; slot++) {
    rules[`tz-peer-${slot}`] = (p: Params) =>
      marks.presence.slots.get(key(p) ?? '')?.includes(slot) ?? false
  }
  return rules
}

function tooltip(marks: GridMarks): (p: ITooltipParams<GridRow>) => string | undefined {
  return (p) => {
    const rowId = p.data?.id
    const colId = p.colDef && 'colId' in p.colDef ? p.colDef.colId : undefined
    if (!rowId || !colId) return undefined
    const k = cellKey(rowId, colId)
    const lines = [...(marks.findings.get(k)?.messages ?? [])]
    if (marks.conflicts.has(k)) lines.push('此单元格有冲突：点击查看两个值')
    const names = marks.presence.names.get(k)
    if (names) lines.push(`${names.join('、')} 正在此单元格`)
    return lines.length > 0 ? lines.join('\n') : undefined
  }
}

function editorFor(column: Column): Partial<ColDef<GridRow>> {
  switch (column.type) {
    case 'option':
      return {
        cellEditor: 'agSelectCellEditor',
        cellEditorParams: { values: ['', ...(column.options ?? [])] },
      }
    case 'yesno':
      return { cellEditor: 'agSelectCellEditor', cellEditorParams: { values: ['', '是', '否'] } }
    case 'longText':
      return {
        cellEditor: 'agLargeTextCellEditor',
        cellEditorPopup: true,
        cellEditorParams: { maxLength: 4000, rows: 8, cols: 48 },
      }
    default:
      return { cellEditor: 'agTextCellEditor' }
  }
}

function sheetColumn(column: Column, options: ColumnDefOptions): ColDef<GridRow> {
  const { template, readOnly, marks, write } = options
  const computed = column.type === 'computed'
  const def: ColDef<GridRow> = {
    colId: column.id,
    headerName: headerLabel(column),
    headerTooltip: headerLabel(column),
    width: pixelWidth(column),
    // A template's `pinned` column stays in view while the grid scrolls sideways.
    ...(column.pinned ? { pinned: 'left' as const } : {}),
    // Values are read (not `field`) so the editor opens on the text a person can edit:
    // 是/否 instead of true/false; scoring totals are computed live.
    valueGetter: (p: ValueGetterParams<GridRow>): CellValue => {
      if (!p.data) return null
      if (computed) return withComputed(template, p.data)[column.id] ?? null
      const value = p.data[column.id] ?? null
      return column.type === 'yesno' ? valueText(value) : value
    },
    valueFormatter: (p: ValueFormatterParams<GridRow>) =>
      column.type === 'yesno' ? String(p.value ?? '') : displayText(column, p.value ?? null),
    valueSetter: (p: ValueSetterParams<GridRow>) => {
      if (!p.data) return false
      // Show the stored value at once; the Yjs observer confirms it a moment later.
      p.data[column.id] = write(p.data.id, column, p.newValue)
      return true
    },
    editable:
      readOnly || computed ? false : (p: EditableCallbackParams<GridRow>) => !p.data?.[DELETED],
    filter: NUMERIC.has(column.type) ? 'agNumberColumnFilter' : 'agTextColumnFilter',
    cellClass: computed
      ? 'tz-cell-computed'
      : NUMERIC.has(column.type)
        ? 'tz-cell-number'
        : undefined,
    cellClassRules: classRules(marks),
    tooltipValueGetter: tooltip(marks),
    ...(computed ? {} : editorFor(column)),
    ...(column.type === 'attachment' && options.attachmentRenderer
      ? {
          // Photos are added in the renderer's dialog, never typed.
          editable: false,
          cellRenderer: options.attachmentRenderer,
          cellRendererParams: { column, readOnly, write },
          cellClass: 'tz-cell-attachment',
        }
      : {}),
  }
  return def
}

/** The 序号 column: row number in display order and, when editable, the drag handle. */
function indexColumn(readOnly: boolean): ColDef<GridRow> {
  return {
    colId: INDEX_COL,
    headerName: '序号',
    width: 76,
    pinned: 'left',
    lockPinned: true,
    suppressMovable: true,
    sortable: false,
    filter: false,
    editable: false,
    resizable: false,
    rowDrag: !readOnly,
    cellClass: 'tz-index-cell',
    valueGetter: (p: ValueGetterParams<GridRow>) =>
      p.node && p.node.rowIndex !== null ? p.node.rowIndex + 1 : null,
  }
}

/** Column definitions with grouped headers, the 序号 column first. */
export function buildColumnDefs(
  options: ColumnDefOptions,
): (ColDef<GridRow> | ColGroupDef<GridRow>)[] {
  const defs: (ColDef<GridRow> | ColGroupDef<GridRow>)[] = [indexColumn(options.readOnly)]
  let group: ColGroupDef<GridRow> | null = null
  for (const column of columnsOf(options.template)) {
    const def = sheetColumn(column, options)
    if (!column.group) {
      group = null
      defs.push(def)
      continue
    }
    if (!group || group.headerName !== column.group) {
      group = {
        headerName: column.group,
        groupId: `group-${defs.length}`,
        marryChildren: true,
        children: [],
      }
      defs.push(group)
    }
    group.children.push(def)
  }
  return defs
}

/** Template column by id (the sheet columns the grid shows). */
export function columnsById(template: GridTemplate): Map<string, Column> {
  return new Map(columnsOf(template).map((c) => [c.id, c]))
}
