/**
 * @module grid/cellMarks
 * Indexes for the marks drawn on cells: validation findings (error red, warning amber,
 * the Chinese messages as the tooltip) and unresolved conflicts (a purple corner).
 * The grid's cellClassRules look cells up here by key, which keeps 10,000 rows cheap:
 * no per-cell React component, one Map lookup per rendered cell.
 */
import type { ConflictRecord, Finding, Severity } from '@taizhang/schema'

/** Key of one cell in the indexes. */
export const cellKey = (rowId: string, colId: string): string => `${rowId}\u0000${colId}`

export interface CellMark {
  /** The worst severity on the cell. */
  severity: Severity
  /** Every finding's message, errors first. */
  messages: string[]
}

export function indexFindings(findings: readonly Finding[]): Map<string, CellMark> {
  const index = new Map<string, CellMark>()
  for (const f of findings) {
    const key = cellKey(f.rowId, f.column)
    const mark = index.get(key)
    if (!mark) {
      index.set(key, { severity: f.severity, messages: [f.message] })
    } else if (f.severity === 'error') {
      mark.severity = 'error'
      mark.messages.unshift(f.message)
    } else {
      mark.messages.push(f.message)
    }
  }
  return index
}

/** Cells with an unresolved conflict. */
export function indexConflicts(conflicts: readonly ConflictRecord[]): Set<string> {
  const index = new Set<string>()
  for (const c of conflicts) if (!c.resolved) index.add(cellKey(c.rowId, c.column))
  return index
}

/** Row ids whose marks differ between two indexes (the rows to redraw). */
export function changedRows(
  before: ReadonlyMap<string, unknown> | ReadonlySet<string>,
  after: ReadonlyMap<string, unknown> | ReadonlySet<string>,
  same: (a: unknown, b: unknown) => boolean = (a, b) => a === b,
): Set<string> {
  const rows = new Set<string>()
  const rowOf = (key: string): string => key.slice(0, key.indexOf('\u0000'))
  const valueOf = (m: ReadonlyMap<string, unknown> | ReadonlySet<string>, key: string): unknown =>
    m instanceof Map ? m.get(key) : m.has(key)
  for (const key of before.keys()) {
    if (!after.has(key) || !same(valueOf(before, key), valueOf(after, key))) rows.add(rowOf(key))
  }
  for (const key of after.keys()) if (!before.has(key)) rows.add(rowOf(key))
  return rows
}

/** Two marks show the same thing. */
export function sameMark(a: unknown, b: unknown): boolean {
  const x = a as CellMark | undefined
  const y = b as CellMark | undefined
  if (!x || !y) return x === y
  return x.severity === y.severity && x.messages.join('\n') === y.messages.join('\n')
}
