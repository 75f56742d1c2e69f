/**
 * @module files/readCsv
 * The cells of a csv / tsv file as a grid of strings. Excel in China saves "CSV" as
 * GB18030 (GBK), other tools as UTF-8 with or without a BOM, and "Unicode text" as
 * UTF-16 with tabs; all are read. The delimiter (comma, tab, semicolon, …) is detected.
 * Not for: finding the header (readTable.ts).
 */
import Papa from 'papaparse'
import { TableReadError } from './TableReadError'

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
export function readCsv(bytes: Uint8Array, file: string): string[][] {
  const text = decodeText(bytes)
  if (text.trim() === '') throw new TableReadError('empty', file, '文件为空')
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false })
  const rows = parsed.data.filter((row) => Array.isArray(row))
  if (rows.every((row) => row.every((cell) => cell.trim() === ''))) {
    throw new TableReadError('empty', file, '文件中没有数据')
  }
  return rows
}
