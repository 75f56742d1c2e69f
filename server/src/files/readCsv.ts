/**
 * @module files/readCsv
 * The cells of a csv / tsv file as a grid of strings. Excel in China saves "CSV" as
 * GB18030 (GBK), other tools as UTF-8 with or without a BOM, and "Unicode text" as
 * UTF-16 with tabs; all are read. The delimiter (comma, tab, semicolon, …) is detected.
 * Not for: finding the header (readTable.ts).
 */
import Papa from 'papaparse'
import { TableReadError } from './TableReadError'

export interface ReadRowsOptions {
  /** Data rows a file may hold (the sheet's row cap): reading stops past it. */
  maxRows?: number
}

/** Rows a file may have above its data: titles and the header (readTable's search depth). */
export const ROWS_ABOVE_DATA = 10

/** Refuse a file with more rows than `maxRows` of data plus what may stand above it. */
export function checkRowCount(rows: readonly unknown[], maxRows: number, file: string): void {
  let count = rows.length
  while (count > 0 && isBlank(rows[count - 1])) count--
  if (count > maxRows + ROWS_ABOVE_DATA) {
    throw new TableReadError(
      'too-many-rows',
      file,
      `文件超过每表行数上限（${maxRows} 行），请拆分后分别导入到不同的表格`,
    )
  }
}

const isBlank = (row: unknown): boolean =>
  Array.isArray(row) && row.every((cell) => cell === null || cell === '' || cell === undefined)

/** Decode bytes: a BOM decides; else UTF-8 if the bytes are valid UTF-8, else GB18030. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3))
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

/** Rows of strings; row 0 is the file's first line. */
export function readCsv(
  bytes: Uint8Array,
  file: string,
  { maxRows }: ReadRowsOptions = {},
): string[][] {
  const text = decodeText(bytes)
  if (text.trim() === '') throw new TableReadError('empty', file, '文件为空')
  // parsing stops one row past the cap: the rest of a huge file is never split into cells
  const limit = maxRows === undefined ? 0 : maxRows + ROWS_ABOVE_DATA + 1
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false, preview: limit })
  const rows = parsed.data.filter((row) => Array.isArray(row))
  if (maxRows !== undefined) checkRowCount(rows, maxRows, file)
  if (rows.every((row) => row.every((cell) => cell.trim() === ''))) {
    throw new TableReadError('empty', file, '文件中没有数据')
  }
  return rows
}
