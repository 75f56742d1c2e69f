/**
 * @module import/tableToRows
 * A table read from a file (its header already matched) → sheet rows, each cell read by
 * `parseCell` for its column, each row remembering where it sits in the file so findings
 * can be reported as SPEC §6.2 `row`.
 *
 * `dataRow` is the 1-based index of the row among the data rows as they appear in the
 * file, counting from the first row below the header and counting empty rows too, so a
 * person counting down from the header finds the row. Empty rows, footer lines
 * (填报单位：… 填报人：…) and 合计/小计 lines are not organisations and give no row;
 * footers and totals are listed in `skipped` so nothing disappears unremarked.
 * Not for: reading files (server/src/files/) or matching headers (parse/header.ts).
 */
import { parseCell } from '../parse/cell'
import { normalizeHeader } from '../parse/header'
import { columnsOf } from '../templates/columns'
import type { Column, GridTemplate, Row } from '../templates/types'

/** One cell as a file reader hands it over: text, or a typed xlsx value. */
export type TableCell = string | number | boolean | Date | null | undefined

/** A row of the sheet with where it came from. */
export interface TableRow {
  row: Row
  /** 1-based data row in the file (header excluded, empty rows counted). */
  dataRow: number
  /** The file's cells of that row, for columns the template does not know (所属单位). */
  cells: readonly TableCell[]
}

export interface SkippedRow {
  dataRow: number
  reason: string
}

export interface TableRows {
  rows: TableRow[]
  skipped: SkippedRow[]
}

export interface TableToRowsOptions {
  /** Row ids are `${idPrefix}${dataRow}`; default `r` gives r1, r2, … */
  idPrefix?: string
}

/** The text of a cell for emptiness and footer checks. */
export function cellText(cell: TableCell): string {
  if (cell === null || cell === undefined) return ''
  if (cell instanceof Date) return cell.toISOString()
  return String(cell).trim()
}

const FOOTER =
  /^(填报单位|填报人|填表人|制表人|审核人|审批人|负责人签字|单位盖章|填报日期|制表日期|日期)[:：]/
const TOTALS = new Set(['合计', '总计', '小计', '汇总'])

/**
 * '' for a row with nothing in any template column (a pre-numbered 序号 line counts as
 * empty), a reason for footers and totals, null for a row of data.
 */
function skipReason(cells: readonly TableCell[], used: readonly number[]): string | null {
  if (used.every((i) => cellText(cells[i]) === '')) return ''
  const texts = cells.map(cellText).filter((t) => t !== '')
  if (texts.every((t) => FOOTER.test(t.normalize('NFKC').replace(/\s+/g, '')))) return '表尾签字栏'
  if (TOTALS.has(normalizeHeader(texts[0]!))) return '合计行'
  return null
}

/**
 * Read the data rows below a matched header. `mapping[i]` is the column id of the
 * file's column i (from `matchHeaders`), null for columns that are ignored.
 */
export function tableToRows(
  template: GridTemplate,
  mapping: readonly (string | null)[],
  dataRows: readonly (readonly TableCell[])[],
  { idPrefix = 'r' }: TableToRowsOptions = {},
): TableRows {
  const byId = new Map<string, Column>(columnsOf(template).map((c) => [c.id, c]))
  const used: [number, Column][] = []
  mapping.forEach((id, i) => {
    const column = id === null ? undefined : byId.get(id)
    if (column) used.push([i, column])
  })
  const rows: TableRow[] = []
  const skipped: SkippedRow[] = []
  dataRows.forEach((cells, i) => {
    const dataRow = i + 1
    const reason = skipReason(
      cells,
      used.map(([index]) => index),
    )
    if (reason === '') return
    if (reason !== null) {
      skipped.push({ dataRow, reason })
      return
    }
    const row: Row = { id: `${idPrefix}${dataRow}` }
    for (const [index, column] of used) row[column.id] = parseCell(column, cells[index] ?? null)
    rows.push({ row, dataRow, cells })
  })
  return { rows, skipped }
}
