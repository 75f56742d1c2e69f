/**
 * @module grid/useCellMarks
 * Keeps the grid's finding and conflict marks (`cellMarks`) in step with the live
 * findings and the doc's conflict records, redrawing only the rows whose marks changed.
 * Returns that row redraw, which presence uses too.
 */
import type { ConflictRecord, Finding } from '@taizhang/schema'
import type { IRowNode } from 'ag-grid-community'
import { useCallback, useEffect } from 'react'
import { changedRows, indexConflicts, indexFindings, sameMark } from './cellMarks'
import type { GridMarks } from './columnDefs'
import type { GridRefs } from './gridRefs'
import type { GridRow } from './rowChanges'

export function useCellMarks(
  refs: GridRefs,
  marks: GridMarks,
  findings: readonly Finding[],
  conflicts: readonly ConflictRecord[],
): (rowIds: Iterable<string>) => void {
  const { api: apiRef } = refs
  const refreshRows = useCallback(
    (rowIds: Iterable<string>) => {
      const api = apiRef.current
      if (!api) return
      const rowNodes: IRowNode<GridRow>[] = []
      for (const id of rowIds) {
        const node = api.getRowNode(id)
        if (node) rowNodes.push(node)
      }
      if (rowNodes.length > 0) api.refreshCells({ rowNodes })
    },
    [apiRef],
  )

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

  return refreshRows
}
