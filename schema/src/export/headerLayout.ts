/**
 * @module schema/export/headerLayout
 * The two-row Chinese header every grid export draws (SPEC §5): consecutive columns that
 * share a `group` (人员, 党组织, 六有 …) sit under one merged top cell; a column without a
 * group spans both rows. xlsx and PDF writers place these cells; the importer reads the
 * bottom row (or the merged cell above it) as the column label.
 * Not for: the header text itself (templates' `headerLabel`).
 */

/** What a header needs to know of a column. */
export interface HeaderColumn {
  label: string
  group?: string | undefined
}

/** One header cell: zero-based row (0 top, 1 bottom) and column, with its spans. */
export interface HeaderCell {
  text: string
  row: 0 | 1
  col: number
  colSpan: number
  rowSpan: 1 | 2
}

/** The header cells of a two-row header, top row first, left to right. */
export function headerLayout(columns: readonly HeaderColumn[]): HeaderCell[] {
  const top: HeaderCell[] = []
  const bottom: HeaderCell[] = []
  let i = 0
  while (i < columns.length) {
    const column = columns[i]!
    if (!column.group) {
      top.push({ text: column.label, row: 0, col: i, colSpan: 1, rowSpan: 2 })
      i++
      continue
    }
    let end = i
    while (end + 1 < columns.length && columns[end + 1]!.group === column.group) end++
    top.push({ text: column.group, row: 0, col: i, colSpan: end - i + 1, rowSpan: 1 })
    for (let c = i; c <= end; c++) {
      bottom.push({ text: columns[c]!.label, row: 1, col: c, colSpan: 1, rowSpan: 1 })
    }
    i = end + 1
  }
  return [...top, ...bottom]
}
