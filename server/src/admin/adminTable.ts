/**
 * @module admin/adminTable
 * The units and users import files (SPEC §11) as rows of text: xlsx (the first worksheet
 * with data) or csv (UTF-8 with or without BOM, GB18030, UTF-16: `files/readCsv`), the
 * header found among the first rows by its column names (a title row above it is fine),
 * every data row numbered from 1 below the header, empty rows skipped but counted. Bounded
 * like the ledger import: bytes by the route, rows here (`MAX_ADMIN_ROWS`).
 * Not for: what a row means (`importUnits`, `importUsers`).
 */
import { extname } from 'node:path'
import { cellText } from '@taizhang/schema'
import { readCsv } from '../files/readCsv'
import { readXlsx } from '../files/readXlsx'
import { TableReadError } from '../files/TableReadError'

/** Most data rows one import takes (a district has hundreds of units and people). */
export const MAX_ADMIN_ROWS = 5000

/** Rows searched for the header. */
const HEADER_SEARCH_ROWS = 10

export interface AdminColumn<K extends string> {
  key: K
  /** The header text, then other names the column goes by. */
  names: readonly string[]
  required?: boolean
}

export interface AdminRow<K extends string> {
  /** 1-based data row (the header excluded). */
  row: number
  values: Record<K, string>
}

export interface AdminTable<K extends string> {
  format: 'xlsx' | 'csv'
  rows: AdminRow<K>[]
}

/** Header text as compared: no spaces, brackets or slashes, lower case. */
const normal = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/[\s()（）[\]【】/／、\\*＊:：]/g, '')
    .toLowerCase()

/** The format of an upload, by content first, then by name. */
export function detectFormat(bytes: Uint8Array, file: string): 'xlsx' | 'csv' {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0
  const ext = extname(file).toLowerCase()
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
  return 'csv'
}

/** Read an import file into rows keyed by the columns' keys. */
export async function readAdminTable<K extends string>(
  bytes: Uint8Array,
  file: string,
  columns: readonly AdminColumn<K>[],
): Promise<AdminTable<K>> {
  if (bytes.length === 0) throw new TableReadError('empty', file, '文件为空')
  const format = detectFormat(bytes, file)
  const grid = format === 'xlsx' ? await readXlsx(bytes, file) : readCsv(bytes, file)
  const wanted = columns.map((c) => new Set(c.names.map(normal)))
  let header: { index: number; at: Map<K, number> } | null = null
  for (let i = 0; i < Math.min(HEADER_SEARCH_ROWS, grid.length); i++) {
    const texts = (grid[i] ?? []).map((cell) => normal(cellText(cell)))
    const at = new Map<K, number>()
    columns.forEach((c, ci) => {
      const index = texts.findIndex((t) => t !== '' && wanted[ci]!.has(t))
      if (index >= 0) at.set(c.key, index)
    })
    if (columns.every((c) => !c.required || at.has(c.key))) {
      header = { index: i, at }
      break
    }
  }
  if (!header) {
    const required = columns.filter((c) => c.required).map((c) => c.names[0])
    throw new TableReadError(
      'no-header',
      file,
      `未找到表头：前 ${HEADER_SEARCH_ROWS} 行中没有包含“${required.join('”“')}”的行，请使用下载的模板`,
    )
  }
  const rows: AdminRow<K>[] = []
  const data = grid.slice(header.index + 1)
  // trailing empty rows are not data; empty rows in between keep the numbering
  let last = data.length
  while (last > 0 && (data[last - 1] ?? []).every((cell) => cellText(cell).trim() === '')) last--
  if (last > MAX_ADMIN_ROWS) {
    throw new TableReadError(
      'too-large',
      file,
      `文件有 ${last} 行数据，一次最多导入 ${MAX_ADMIN_ROWS} 行，请拆分后分别导入`,
    )
  }
  for (let r = 0; r < last; r++) {
    const cells = data[r] ?? []
    const values = {} as Record<K, string>
    for (const c of columns) {
      const index = header.at.get(c.key)
      values[c.key] = index === undefined ? '' : cellText(cells[index] ?? null).trim()
    }
    if (Object.values<string>(values).every((v) => v === '')) continue
    rows.push({ row: r + 1, values })
  }
  if (rows.length === 0) throw new TableReadError('empty', file, '文件中没有数据行')
  return { format, rows }
}
