/**
 * @module export/offlineExport
 * Export with no server (SPEC §4: the app works offline): reads the rows and meta of the
 * open sheet's local Y.Doc, stamps the version the way the server does (SHA-256 of the
 * Yjs snapshot, so an offline and an online export of the same content show the same
 * short hash) and builds the xlsx (exceljs, loaded on first use) or CSV as a Blob.
 * Not for: the server export (ExportMenu asks the server first when online).
 */
import { readRows, type ExportMeta, type GridTemplate, type SheetVersion } from '@taizhang/schema'
import * as Y from 'yjs'
import { sheetCsvText } from './sheetCsv'
import { buildSheetWorkbook } from './sheetWorkbook'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The document's version: hash of its Yjs snapshot, taken now. */
export async function docVersion(doc: Y.Doc, at = new Date()): Promise<SheetVersion> {
  const bytes = Y.encodeSnapshot(Y.snapshot(doc))
  let hash = ''
  if (globalThis.crypto?.subtle) {
    const digest = await crypto.subtle.digest('SHA-256', bytes.slice().buffer as ArrayBuffer)
    hash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
  } else {
    // not a secure context: a short FNV-1a, still stable for the same content
    let h = 0x811c9dc5
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0
    hash = h.toString(16).padStart(8, '0')
  }
  return { hash, at: at.toISOString() }
}

export interface OfflineExportInput {
  doc: Y.Doc
  template: GridTemplate
  title: string
  unitName: string
}

/** The open sheet as an xlsx Blob built in the browser. */
export async function offlineXlsx({
  doc,
  template,
  title,
  unitName,
}: OfflineExportInput): Promise<Blob> {
  const ExcelJS = (await import('exceljs')).default
  const meta: ExportMeta = { unitName, title, version: await docVersion(doc) }
  const workbook = buildSheetWorkbook(ExcelJS, {
    template,
    rows: readRows(doc),
    meta,
    note: '（离线导出）',
  })
  const buffer = await workbook.xlsx.writeBuffer()
  return new Blob([buffer], { type: XLSX_TYPE })
}

/** The open sheet as a CSV Blob (UTF-8 with BOM). */
export function offlineCsv({ doc, template }: OfflineExportInput): Blob {
  return new Blob([sheetCsvText(template, readRows(doc))], { type: 'text/csv;charset=utf-8' })
}
