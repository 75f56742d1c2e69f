/**
 * @module export/csvTable
 * A 网格台账 or 督查评分表 as the cells of its CSV (SPEC §5), for the server's export and the
 * browser's offline one alike: one header row of Chinese labels (`headerLabel`), then
 * each row's values as export text (yes/no as 是/否, 总分/等次 from `withComputed`), every
 * cell through `csvText` (text starting with = + - @ or tab/CR gets a leading `'`). No
 * title or footer lines, so the file is plain data for any tool.
 * Not for: quoting and line ends (each side hands the table to papaparse's `unparse`,
 * which is not a schema dependency) or the BOM.
 */
import { withComputed } from '../scoring/computeScore'
import { columnsOf, headerLabel } from '../templates/columns'
import type { GridTemplate, Row } from '../templates/types'
import { exportText } from './cellText'
import { csvText } from './safeCell'

/** Header row, then one row of cell texts per sheet row. */
export function csvTable(template: GridTemplate, rows: readonly Row[]): string[][] {
  const columns = columnsOf(template)
  const header = columns.map((c) => csvText(headerLabel(c)))
  const data = rows.map((stored) => {
    const row = withComputed(template, stored)
    return columns.map((c) => csvText(exportText(c, row[c.id])))
  })
  return [header, ...data]
}
