/**
 * @module sheets/moveTemplate
 * Moving a sheet to a later version of its template (SPEC §7, `POST /api/sheets/:id/template`)
 * without losing anything: a column the new version drops is HIDDEN — its values stay in the
 * Yjs rows, left out of `…/rows` and the exports, and shown again when a later version brings
 * the column back; a column whose type changed is re-read cell by cell (`parseCell`), and text
 * that no longer reads is kept as it is, so validation flags it `type`. No value is ever
 * deleted from the document.
 * Not for: who may move a sheet (routes/sheets.ts).
 */
import {
  columnsOf,
  parseCell,
  rowsMap,
  type CellValue,
  type Column,
  type GridTemplate,
  writeMeta,
} from '@taizhang/schema'
import type * as Y from 'yjs'

export interface MovePlan {
  /** Columns in both versions whose type changed (re-read). */
  retyped: string[]
  /** Columns of the old version the new one does not have (kept, not shown). */
  hidden: string[]
}

export function planMove(from: GridTemplate, to: GridTemplate): MovePlan {
  const before = new Map(columnsOf(from).map((c) => [c.id, c]))
  const after = new Set(columnsOf(to).map((c) => c.id))
  return {
    retyped: columnsOf(to)
      .filter((c) => before.has(c.id) && before.get(c.id)!.type !== c.type)
      .map((c) => c.id),
    hidden: [...before.keys()].filter((id) => !after.has(id)),
  }
}

/**
 * Pin `doc` to `version` and re-read the cells of the columns that need it: the retyped ones
 * and those the old version did not show (a restored column may come back with another type).
 * Cells that already hold a value of the new type are left alone.
 */
export function applyMove(
  doc: Y.Doc,
  from: GridTemplate,
  to: GridTemplate,
  version: number,
  plan: MovePlan,
): number {
  const shownBefore = new Set(columnsOf(from).map((c) => c.id))
  const reread: Column[] = columnsOf(to).filter(
    (c) => c.type !== 'computed' && (plan.retyped.includes(c.id) || !shownBefore.has(c.id)),
  )
  let changed = 0
  doc.transact(() => {
    writeMeta(doc, { templateVersion: version })
    if (reread.length === 0) return
    rowsMap(doc).forEach((row) => {
      for (const column of reread) {
        const value = row.get(column.id)
        if (value === undefined || value === null) continue
        const next: CellValue = parseCell(column, value)
        // empty text re-reads as null: keep what was there rather than delete anything
        if (next === null || next === value) continue
        row.set(column.id, next)
        changed++
      }
    })
  })
  return changed
}

/** The column ids `…/rows` and the exports show for a sheet of `template`. */
export function shownColumns(template: GridTemplate): ReadonlySet<string> {
  return new Set(columnsOf(template).map((c) => c.id))
}
