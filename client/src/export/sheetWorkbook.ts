/**
 * @module export/sheetWorkbook
 * The offline xlsx of a 网格台账 or 督查评分表, built in the browser from the local Y.Doc
 * when the server cannot be reached (SPEC §4, §5): exceljs's in-memory Workbook (the
 * streaming writer needs Node streams) with the very layout of the server's export,
 * written by schema's `addGridWorksheet`, so it re-imports the same way. The caller passes
 * the exceljs module in, so the browser can load it only when needed and the unit test can
 * use the Node build.
 * Not for: CSV (sheetCsv.ts) or saving the file (download.ts).
 */
import { addGridWorksheet, type GridSheetInput } from '@taizhang/schema'
import type ExcelJSType from 'exceljs'

/** The workbook of one sheet, in memory. */
export function buildSheetWorkbook(
  ExcelJS: typeof ExcelJSType,
  input: GridSheetInput,
): ExcelJSType.Workbook {
  const workbook = new ExcelJS.Workbook()
  addGridWorksheet(workbook, input)
  return workbook
}
