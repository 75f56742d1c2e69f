/**
 * @module export/sheetXlsx
 * A 网格台账 or 督查评分表 as the xlsx upper levels want (SPEC §5), written with exceljs's
 * streaming writer onto the layout schema's `addGridWorksheet` shares with the browser's
 * offline export: title, version, the template's two-row merged header (labels exactly as
 * `headerLabel` gives them, so the file re-imports to the same data), widths, frozen
 * header, drop-down lists on option and yes/no columns, the signature footer.
 * Not for: HTTP (routes call this) or the consolidation table (consolidationXlsx.ts).
 */
import { addGridWorksheet, type GridSheetInput } from '@taizhang/schema'
import { streamingWorkbook } from './xlsxWorkbook'

/** What every sheet writer (xlsx, PDF) takes: template, rows in display order, meta. */
export type SheetExportInput = Omit<GridSheetInput, 'note'>

/** The ledger or scoring sheet as an xlsx file. */
export async function writeSheetXlsx(input: SheetExportInput): Promise<Buffer> {
  const { workbook, finish } = streamingWorkbook()
  addGridWorksheet(workbook, input).commit()
  return finish()
}
