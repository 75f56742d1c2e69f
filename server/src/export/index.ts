/**
 * @module export
 * The writers behind `GET /api/sheets/:id/export`, the consolidation export and
 * `taizhang consolidate --out` (SPEC §5): data in, bytes out, no HTTP and no storage.
 * Listed by name so the surface routes and the CLI use is visible here.
 */
export { writeSheetXlsx } from './sheetXlsx'
export type { SheetExportInput } from './sheetXlsx'
export { writeSheetCsv } from './sheetCsv'
export { writeSheetPdf, writeScoringPdf } from './sheetPdf'
export { writeReportDocx } from './reportDocx'
export type { ReportExportInput } from './reportDocx'
export { xmlFragmentToBlocks, blocksToText } from './reportBlocks'
export type { Block, Run, TableCellBlock } from './reportBlocks'
export { writeConsolidationXlsx } from './consolidationXlsx'
export type { ConsolidationExportOptions } from './consolidationXlsx'
export { writeConsolidationPdf } from './consolidationPdf'
export {
  csvText,
  looksLikeFormula,
  xlsxText,
  xlsxValue,
  chinaTime,
  shortHash,
  signatureFields,
  versionLabel,
  type ExportMeta,
  type SheetVersion,
  type SignatureField,
} from '@taizhang/schema'
