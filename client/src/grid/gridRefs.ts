/**
 * @module grid/gridRefs
 * The live objects behind one mounted SheetGrid, shared by its hooks: AG Grid's API, the
 * range selection and the Yjs → grid binding. All three exist only between grid ready and
 * grid destroyed (null otherwise), so they are refs read at the moment of use, never state.
 */
import type { GridApi } from 'ag-grid-community'
import type { RefObject } from 'react'
import type { RangeSelection } from './rangeSelection'
import type { GridRow } from './rowChanges'
import type { RowsBinding } from './rowsBinding'

export interface GridRefs {
  api: RefObject<GridApi<GridRow> | null>
  range: RefObject<RangeSelection | null>
  binding: RefObject<RowsBinding | null>
}

/** Whether an editor is open (keys and clipboard events then belong to it). */
export const isEditing = (refs: GridRefs): boolean =>
  (refs.api.current?.getEditingCells().length ?? 0) > 0
