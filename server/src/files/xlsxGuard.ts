/**
 * @module files/xlsxGuard
 * Looks at an xlsx file before exceljs does (docs/RELIABILITY.md §3): exceljs inflates every zip entry
 * whole and allocates by row number, so a 1.9 KB file with one cell at row 3,000,000 cost
 * 108 MB, row 1,000,000,000 crashed the process, and a zip bomb expanded without bound.
 * 1. the zip's central directory: at most `MAX_ENTRIES` entries, each declaring at most
 *    `MAX_ENTRY_BYTES` uncompressed, `MAX_TOTAL_BYTES` together, and — past 1 MiB — at
 *    most `MAX_RATIO` times its compressed size (a normal sheet packs 5–30×, a bomb
 *    1,000× and more); only stored and deflated entries;
 * 2. every entry is then inflated as a stream, nothing kept, and must not give more than
 *    it declared (a bomb may lie in the directory);
 * 3. the worksheets' XML, read as it streams by: a row past 1,048,576 or a column past
 *    16,384 (XFD) — Excel's own limits — is refused, and so is a sheet with more rows
 *    holding values than the row cap allows (reading stops there).
 * Everything refused is a `TableReadError` with one Chinese line.
 *
 * Not for: reading the cells (readXlsx.ts, with exceljs once the file passed).
 */
import { createInflateRaw } from 'node:zlib'
import { ROWS_ABOVE_DATA } from './readCsv'
import { TableReadError } from './TableReadError'

export const MAX_ENTRIES = 10_000
export const MAX_ENTRY_BYTES = 128 * 1024 * 1024
export const MAX_TOTAL_BYTES = 256 * 1024 * 1024
export const MAX_RATIO = 200
/** Entries smaller than this are not held to the ratio (tiny XML packs very well). */
const RATIO_FROM_BYTES = 1024 * 1024
/** The most rows and columns a worksheet can have in Excel (1,048,576 × 16,384, XFD). */
export const EXCEL_MAX_ROWS = 1_048_576
export const EXCEL_MAX_COLUMNS = 16_384

export interface XlsxGuardOptions {
  /** Data rows a worksheet may have (the sheet's row cap); rows above the data come on top. */
  maxRows?: number
}

interface Entry {
  name: string
  method: number
  compressed: number
  uncompressed: number
  offset: number
}

const corrupt = (file: string) =>
  new TableReadError('corrupt', file, '无法读取 xlsx 文件：文件已损坏或不是 Excel 文件')
const bomb = (file: string, what: string) =>
  new TableReadError('too-large', file, `xlsx 文件解压后过大（${what}），请检查文件或另存后再试`)

/** Check an xlsx file; resolves when exceljs may read it, else throws `TableReadError`. */
export async function guardXlsx(
  bytes: Uint8Array,
  file: string,
  options: XlsxGuardOptions = {},
): Promise<void> {
  const entries = centralDirectory(bytes, file)
  if (entries.length > MAX_ENTRIES) throw bomb(file, `${entries.length} 个压缩项`)
  let total = 0
  for (const entry of entries) {
    if (entry.method !== 0 && entry.method !== 8) throw corrupt(file)
    if (entry.uncompressed > MAX_ENTRY_BYTES) throw bomb(file, entry.name)
    total += entry.uncompressed
    if (total > MAX_TOTAL_BYTES) throw bomb(file, '合计')
    if (
      entry.uncompressed > RATIO_FROM_BYTES &&
      entry.uncompressed > entry.compressed * MAX_RATIO
    ) {
      throw bomb(file, `${entry.name} 压缩比超过 ${MAX_RATIO} 倍`)
    }
  }
  for (const entry of entries) await inflateEntry(bytes, entry, file, options)
}

/** The entries of the zip's central directory (throws `corrupt` when there is none). */
function centralDirectory(bytes: Uint8Array, file: string): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // the end-of-central-directory record: 22 bytes plus a comment of up to 65,535
  let end = -1
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at
      break
    }
  }
  if (end < 0) throw corrupt(file)
  const count = view.getUint16(end + 10, true)
  let at = view.getUint32(end + 16, true)
  const entries: Entry[] = []
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw corrupt(file)
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    entries.push({
      method: view.getUint16(at + 10, true),
      compressed: view.getUint32(at + 20, true),
      uncompressed: view.getUint32(at + 24, true),
      offset: view.getUint32(at + 42, true),
      name: Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString('utf8'),
    })
    at += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

/** Inflate one entry as a stream, keeping nothing; worksheets are scanned on the way. */
async function inflateEntry(
  bytes: Uint8Array,
  entry: Entry,
  file: string,
  options: XlsxGuardOptions,
): Promise<void> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const at = entry.offset
  if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) throw corrupt(file)
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)
  const data = bytes.subarray(start, start + entry.compressed)
  if (data.length !== entry.compressed) throw corrupt(file)
  const sheet = /^xl\/worksheets\/[^/]+\.xml$/i.test(entry.name)
    ? new SheetScanner(file, options.maxRows)
    : null
  if (entry.method === 0) {
    if (entry.compressed !== entry.uncompressed) throw corrupt(file)
    sheet?.feed(data)
    sheet?.end()
    return
  }
  const limit = Math.min(entry.uncompressed, MAX_ENTRY_BYTES)
  await new Promise<void>((resolve, reject) => {
    const inflate = createInflateRaw()
    let out = 0
    let failed = false
    const fail = (error: unknown) => {
      if (failed) return
      failed = true
      inflate.destroy()
      reject(error)
    }
    inflate.on('data', (chunk: Buffer) => {
      out += chunk.length
      if (out > limit) return fail(bomb(file, `${entry.name} 实际大小超过声明`))
      try {
        sheet?.feed(chunk)
      } catch (error) {
        fail(error)
      }
    })
    inflate.on('error', () => fail(corrupt(file)))
    inflate.on('end', () => {
      if (failed) return
      try {
        sheet?.end()
        resolve()
      } catch (error) {
        fail(error)
      }
    })
    inflate.end(data)
  })
}

/** Letters, digits, `:`, `_`, `-`, `.`: what a tag name with a prefix is made of. */
function isNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 58) ||
    c === 95 ||
    c === 45 ||
    c === 46
  )
}

/** Column letters (A … XFD) as a number; past 16,384 the count stops growing. */
function columnNumber(letters: string): number {
  let n = 0
  for (const ch of letters.toUpperCase()) {
    n = n * 26 + (ch.charCodeAt(0) - 64)
    if (n > EXCEL_MAX_COLUMNS) return n
  }
  return n
}

/**
 * Reads a worksheet's XML as it streams by, looking only at `<row>`, `<c>`, `<v>` and
 * `<is>` start tags: row numbers, cell references, and how many rows hold a value.
 */
class SheetScanner {
  private readonly decoder = new TextDecoder('utf-8')
  private carry = ''
  private lastRow = 0
  private rowHasValue = false
  private valueRows = 0

  private readonly maxValueRows: number

  constructor(
    private readonly file: string,
    private readonly maxRows: number | undefined,
  ) {
    this.maxValueRows = maxRows === undefined ? EXCEL_MAX_ROWS : maxRows + ROWS_ABOVE_DATA
  }

  feed(chunk: Uint8Array): void {
    const text = this.carry + this.decoder.decode(chunk, { stream: true })
    this.carry = ''
    let pos = 0
    for (;;) {
      const open = text.indexOf('<', pos)
      if (open < 0) return
      // the tag name, with an optional namespace prefix (x:row)
      let i = open + 1
      while (i < text.length && isNameChar(text.charCodeAt(i))) i++
      if (i >= text.length) return this.keep(text.slice(open))
      if (i === open + 1 || i - open > 40) {
        pos = i
        continue
      }
      const full = text.slice(open + 1, i)
      const name = full.slice(full.indexOf(':') + 1)
      if (name !== 'row' && name !== 'c' && name !== 'v' && name !== 'is') {
        pos = i
        continue
      }
      const close = text.indexOf('>', i)
      if (close < 0) return this.keep(text.slice(open))
      this.tag(name, text.slice(i, close))
      pos = close + 1
    }
  }

  end(): void {
    this.endRow()
  }

  private keep(rest: string): void {
    // a start tag longer than this is not a spreadsheet's
    if (rest.length > 1024 * 1024) throw corrupt(this.file)
    this.carry = rest
  }

  private tag(name: string, attributes: string): void {
    if (name === 'v' || name === 'is') {
      this.rowHasValue = true
      return
    }
    const ref = /(?:^|\s)r\s*=\s*["']([^"']*)["']/.exec(attributes)?.[1]
    if (name === 'row') {
      this.endRow()
      const row = ref === undefined ? this.lastRow + 1 : Number(ref)
      if (!Number.isInteger(row) || row < 1) throw corrupt(this.file)
      this.checkRow(row)
      this.lastRow = row
      return
    }
    if (ref === undefined) return
    const match = /^\$?([A-Za-z]+)\$?(\d+)$/.exec(ref)
    if (!match) throw corrupt(this.file)
    const column = columnNumber(match[1]!)
    if (column > EXCEL_MAX_COLUMNS) {
      throw new TableReadError(
        'out-of-range',
        this.file,
        `单元格 ${ref.slice(0, 20)} 超出 Excel 的列数上限（${EXCEL_MAX_COLUMNS} 列），文件已损坏或被篡改`,
      )
    }
    this.checkRow(Number(match[2]))
  }

  private checkRow(row: number): void {
    if (row > EXCEL_MAX_ROWS) {
      throw new TableReadError(
        'out-of-range',
        this.file,
        `第 ${row} 行超出 Excel 的行数上限（${EXCEL_MAX_ROWS} 行），文件已损坏或被篡改`,
      )
    }
  }

  private endRow(): void {
    if (!this.rowHasValue) return
    this.rowHasValue = false
    this.valueRows++
    if (this.valueRows > this.maxValueRows) {
      throw new TableReadError(
        'too-many-rows',
        this.file,
        `文件超过每表行数上限（${this.maxRows} 行），请拆分后分别导入到不同的表格`,
      )
    }
  }
}
