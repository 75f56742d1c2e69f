/**
 * @module export/xlsxWorkbook
 * exceljs on the server: one instance of the module for the in-memory and the streaming
 * API, and a streaming workbook that collects its output into a Buffer (the streaming
 * writer is what keeps a 10,000-row ledger under the 2 s target, `bench/export.ts`). What
 * goes onto the worksheets is schema's `export/xlsxSheet`, shared with the browser's
 * offline export.
 * Not for: layout or cell values (schema `xlsxSheet`, `xlsxStyle`).
 */
import { createRequire } from 'node:module'
import { PassThrough } from 'node:stream'
import type ExcelJSType from 'exceljs'

// exceljs ships CommonJS; createRequire keeps one instance for the in-memory and stream APIs.
const require = createRequire(import.meta.url)
export const ExcelJS = require('exceljs') as typeof ExcelJSType

/** A streaming workbook that collects its output into a Buffer. */
export function streamingWorkbook() {
  const stream = new PassThrough()
  const chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useSharedStrings: true,
    useStyles: true,
  })
  return {
    workbook,
    async finish(): Promise<Buffer> {
      await workbook.commit()
      return Buffer.concat(chunks)
    },
  }
}
