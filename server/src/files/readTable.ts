/**
 * @module files/readTable
 * A ledger or scoring file (xlsx or csv) → its header matched to a template and its data
 * rows, ready for `tableToRows`. This is where the shape of real township files is
 * handled: title rows above the header, two-level headers (人员 over 从业人员数, merged
 * or not), 序号 and unknown columns. Every way a file can be unusable ends in a
 * `TableReadError` with one Chinese line naming the file.
 * Used by the CLI (validate, consolidate) and the import route.
 */
import { readFile, stat } from 'node:fs/promises'
import { extname } from 'node:path'
import {
  cellText,
  columnsOf,
  headerKey,
  matchHeaders,
  type GridTemplate,
  type HeaderMatch,
  type TableCell,
} from '@taizhang/schema'
import { readCsv } from './readCsv'
import { readXlsx } from './readXlsx'
import { TableReadError } from './TableReadError'

/** Files above this size are refused before they are read. */
export const MAX_TABLE_BYTES = 20 * 1024 * 1024

/** The header is looked for in this many rows from the top. */
const HEADER_SEARCH_ROWS = 10

export interface LocatedTable {
  /** The name the file was given by (path on the command line, upload name). */
  file: string
  format: 'xlsx' | 'csv'
  /** Header cell texts (the lower row of a two-level header). */
  headers: string[]
  /** The group row above a two-level header, when there is one. */
  groups?: string[]
  match: HeaderMatch
  /** Rows below the header, in file order, empty ones included. */
  dataRows: TableCell[][]
  /** The file's own row number (Excel row, csv record) of data row 1. */
  firstDataLine: number
}

export interface ReadTableOptions {
  maxBytes?: number
}

/** Read and locate a table from a path. */
export async function readTable(
  path: string,
  template: GridTemplate,
  { maxBytes = MAX_TABLE_BYTES }: ReadTableOptions = {},
): Promise<LocatedTable> {
  let size: number
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new TableReadError('unsupported', path, '不是文件')
    size = info.size
  } catch (e) {
    if (e instanceof TableReadError) throw e
    throw new TableReadError('not-found', path, '找不到文件或无法打开')
  }
  if (size > maxBytes) {
    throw new TableReadError('too-large', path, `文件超过 ${mib(maxBytes)}，请拆分后再试`)
  }
  const bytes = new Uint8Array(await readFile(path))
  return readTableBytes(bytes, path, template, { maxBytes })
}

/** Read and locate a table from bytes (an upload); `file` names it in messages. */
export async function readTableBytes(
  bytes: Uint8Array,
  file: string,
  template: GridTemplate,
  { maxBytes = MAX_TABLE_BYTES }: ReadTableOptions = {},
): Promise<LocatedTable> {
  if (bytes.length > maxBytes) {
    throw new TableReadError('too-large', file, `文件超过 ${mib(maxBytes)}，请拆分后再试`)
  }
  if (bytes.length === 0) throw new TableReadError('empty', file, '文件为空')
  const format = detectFormat(bytes, file)
  const rows = format === 'xlsx' ? await readXlsx(bytes, file) : readCsv(bytes, file)
  return locateHeader(rows, template, file, format)
}

function mib(bytes: number): string {
  const m = bytes / 1024 / 1024
  return m >= 1 ? `${Math.round(m)} MiB` : `${Math.round(bytes / 1024)} KiB`
}

function detectFormat(bytes: Uint8Array, file: string): 'xlsx' | 'csv' {
  const ext = extname(file).toLowerCase()
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0
  if (zip) return 'xlsx'
  if (ole || ext === '.xls' || ext === '.et') {
    throw new TableReadError(
      'unsupported',
      file,
      '不支持旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx 或 .csv 后再试',
    )
  }
  if (ext === '.xlsx' || ext === '.xlsm') {
    throw new TableReadError('corrupt', file, '无法读取 xlsx 文件：文件已损坏或不是 Excel 文件')
  }
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt' || ext === '') return 'csv'
  throw new TableReadError('unsupported', file, '不支持的文件类型，只能读取 .xlsx 和 .csv 文件')
}

/**
 * A row above the header is a group row (人员, 党组织, 六有 …) when it holds at least two
 * different texts and one of them is a group of the template. A title row (one merged
 * cell, or 填报单位：… 日期：…) is not, so its text never leaks into empty header cells.
 */
function isGroupRow(texts: readonly string[], groupKeys: ReadonlySet<string>): boolean {
  const distinct = new Set(texts.filter((t) => t !== '').map(headerKey))
  if (distinct.size < 2) return false
  for (const key of distinct) if (groupKeys.has(key)) return true
  return false
}

/**
 * Find the header: within the first rows, the row matching the most columns (at least
 * two, one of them the template's first required column, 组织名称). Rows above it are
 * titles; the row directly above is used as group labels when it looks like them.
 */
export function locateHeader(
  rows: TableCell[][],
  template: GridTemplate,
  file: string,
  format: 'xlsx' | 'csv',
): LocatedTable {
  const columns = columnsOf(template)
  const key = columns.find((c) => c.required) ?? columns[0]!
  const groupKeys = new Set(columns.flatMap((c) => (c.group ? [headerKey(c.group)] : [])))
  let best: { index: number; headers: string[]; groups?: string[]; match: HeaderMatch } | null =
    null
  let bestCount = 1
  const limit = Math.min(HEADER_SEARCH_ROWS, rows.length)
  for (let i = 0; i < limit; i++) {
    const headers = rows[i]!.map(cellText)
    const above = i > 0 ? rows[i - 1]!.map(cellText) : undefined
    const groups = above && isGroupRow(above, groupKeys) ? above : undefined
    const match = matchHeaders(template, headers, groups)
    if (!match.mapping.includes(key.id)) continue
    const count = match.mapping.filter((id) => id !== null).length
    if (count > bestCount) {
      best = { index: i, headers, ...(groups ? { groups } : {}), match }
      bestCount = count
    }
  }
  if (!best) {
    throw new TableReadError(
      'no-header',
      file,
      `未找到表头：前 ${HEADER_SEARCH_ROWS} 行中没有同时包含“${key.label}”和其他列名的行`,
    )
  }
  if (best.match.missingRequired.length > 0) {
    const labels = best.match.missingRequired.map(
      (id) => columns.find((c) => c.id === id)?.label ?? id,
    )
    throw new TableReadError('missing-column', file, `缺少必填列：${labels.join('、')}`)
  }
  return {
    file,
    format,
    headers: best.headers,
    ...(best.groups ? { groups: best.groups } : {}),
    match: best.match,
    dataRows: rows.slice(best.index + 1),
    firstDataLine: best.index + 2,
  }
}
