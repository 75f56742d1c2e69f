/**
 * @module cli/readSheet
 * One file on the command line → sheet rows that remember their row in the file: the
 * reading path `validate` and `consolidate` share (readTable, then tableToRows).
 */
import { tableToRows, type GridTemplate, type SkippedRow, type TableRow } from '@taizhang/schema'
import { readTable, type LocatedTable } from '../files/readTable'

export interface SheetFile {
  table: LocatedTable
  rows: TableRow[]
  skipped: SkippedRow[]
}

export async function readSheet(
  file: string,
  template: GridTemplate,
  idPrefix = 'r',
): Promise<SheetFile> {
  const table = await readTable(file, template)
  const { rows, skipped } = tableToRows(template, table.match.mapping, table.dataRows, {
    idPrefix,
  })
  return { table, rows, skipped }
}

/** The row number a person sees in Excel (or the record number in a csv). */
export function fileLine(table: LocatedTable, dataRow: number): number {
  return table.firstDataLine + dataRow - 1
}
