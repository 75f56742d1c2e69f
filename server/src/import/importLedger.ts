/**
 * @module import/importLedger
 * An uploaded xlsx/csv file into a ledger or scoring sheet (SPEC §5, §6.3):
 *   1. `readImportFile`: check what the bytes are (xlsx by its zip signature, csv as
 *      text; anything else is refused), read the cells (files/readXlsx, files/readCsv),
 *      apply the headers a person mapped by hand, find and match the header
 *      (files/readTable `locateHeader`) and read the rows (schema `tableToRows`);
 *   2. `planImport`: against the sheet's current rows, decide per file row — rejected
 *      (any row-local `error` finding of the row as it would be stored; warnings do not
 *      reject), an update of the existing row with the same 统一社会信用代码 (compared
 *      normalised), or a new row;
 *   3. `applyImportPlan`: the plan into the document, called inside ONE server change.
 * The route plans again inside that change, on the document as it is then, so an edit
 * arriving between preview and import is never overwritten by a stale plan.
 * Not for: HTTP, permissions or size limits (routes/imports.ts).
 */
import {
  appendRows,
  columnsOf,
  headerKey,
  headerLabel,
  looksLikeFormula,
  readRows,
  tableToRows,
  updateRow,
  validateRow,
  type CellValue,
  type Column,
  type GridTemplate,
  type Row,
  type TableCell,
  type TableRow,
} from '@taizhang/schema'
import type * as Y from 'yjs'
import { readCsv } from '../files/readCsv'
import { locateHeader, type LocatedTable } from '../files/readTable'
import { readXlsx } from '../files/readXlsx'
import { TableReadError } from '../files/TableReadError'

/** Header text → column id (or null: ignore that column), as a person mapped it. */
export type HandMapping = Record<string, string | null>

export interface PreparedImport {
  located: LocatedTable
  /** Column ids the file fills (computed columns such as 总分 left out). */
  columns: string[]
  rows: TableRow[]
  /** Footer and total lines that were not read as rows. */
  skipped: { row: number; reason: string }[]
  /** Ids of required columns no header fills (only a preview gets this far with some). */
  missingRequired: string[]
}

export interface RejectedRow {
  /** 1-based data row of the file (header excluded, empty rows counted). */
  row: number
  reasons: string[]
}

export interface ImportPlan {
  append: Record<string, CellValue>[]
  updates: { rowId: string; values: Record<string, CellValue> }[]
  rejected: RejectedRow[]
  /** Per file row: what happens to it (for the preview). */
  outcome: Map<number, 'new' | 'update' | 'rejected'>
}

/** Rows in files the header is looked for in (as files/readTable does). */
const HEADER_ROWS = 10

type FileKind = 'xlsx' | 'csv'

/** What the bytes are, by content: the name of an upload is only a hint. */
export function sniffFileKind(bytes: Uint8Array, file: string): FileKind {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03) {
    return 'xlsx'
  }
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new TableReadError(
      'unsupported',
      file,
      '不支持的文件类型：旧版 .xls 文件请在 Excel 或 WPS 中另存为 .xlsx 或 .csv 后再导入',
    )
  }
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)
  if (!utf16 && isBinary(bytes)) {
    throw new TableReadError('unsupported', file, '不支持的文件类型，只能导入 .xlsx 或 .csv 文件')
  }
  return 'csv'
}

/** A NUL or many control characters in the first 8 KiB: not a text (csv) file. */
function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192)
  let control = 0
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!
    if (b === 0) return true
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++
  }
  return control > n / 100 + 2
}

/**
 * The template with only `key` required: `locateHeader` finds the header by its first
 * required column, and a file whose 组织名称 header is not recognised yet (to be mapped by
 * hand) should still show its header in the preview.
 */
function keyedOn(template: GridTemplate, key: string): GridTemplate {
  const set = (c: Column): Column => ({ ...c, required: c.id === key })
  return template.kind === 'ledger'
    ? { ...template, columns: template.columns.map(set) }
    : { ...template, leading: template.leading.map(set), trailing: template.trailing.map(set) }
}

/** Find the header by the first required column recognised in it. */
function locate(
  rows: TableCell[][],
  template: GridTemplate,
  file: string,
  kind: FileKind,
): LocatedTable {
  const columns = columnsOf(template)
  const keys = columns.filter((c) => c.required).map((c) => c.id)
  let first: unknown = null
  for (const key of keys.length > 0 ? keys : [columns[0]!.id]) {
    try {
      return locateHeader(rows, keyedOn(template, key), file, kind)
    } catch (e) {
      if (!(e instanceof TableReadError) || e.code !== 'no-header') throw e
      first ??= e
    }
  }
  throw first
}

/**
 * Check a hand mapping against the template: every target must be a column id (or
 * null/'' to ignore). Throws a RangeError with a Chinese message otherwise.
 */
export function checkHandMapping(template: GridTemplate, mapping: unknown): HandMapping {
  if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping)) {
    throw new RangeError('mapping 应为 {"表头": "列 id"} 形式的 JSON 对象')
  }
  const ids = new Set(columnsOf(template).map((c) => c.id))
  const out: HandMapping = {}
  for (const [header, target] of Object.entries(mapping as Record<string, unknown>)) {
    if (target === null || target === '') out[header] = null
    else if (typeof target === 'string' && ids.has(target)) out[header] = target
    else throw new RangeError(`列映射无效：「${header}」对应的「${String(target)}」不是本表的列`)
  }
  return out
}

/**
 * Rewrite header cells a person mapped by hand to the label of the column they chose,
 * so header location and matching treat them like any recognised header.
 */
function applyHandMapping(
  rows: TableCell[][],
  template: GridTemplate,
  mapping: HandMapping,
): { rows: TableCell[][]; ignored: Set<string> } {
  const labels = new Map(columnsOf(template).map((c) => [c.id, headerLabel(c)]))
  const rename = new Map<string, string>()
  const ignored = new Set<string>()
  for (const [header, target] of Object.entries(mapping)) {
    if (target === null) ignored.add(headerKey(header))
    else rename.set(headerKey(header), labels.get(target)!)
  }
  if (rename.size === 0) return { rows, ignored }
  const out = rows.map((cells, r) =>
    r >= HEADER_ROWS
      ? cells
      : cells.map((cell) => {
          if (typeof cell !== 'string') return cell
          return rename.get(headerKey(cell)) ?? cell
        }),
  )
  return { rows: out, ignored }
}

export interface ReadImportOptions {
  mapping?: HandMapping | undefined
  /** A preview may have required columns still unmapped; an import may not. */
  allowMissingRequired?: boolean
  /** The sheet's row cap: a file with more data rows is refused while it is read. */
  maxRows?: number
}

/** Read an uploaded file into rows for `template`; a `TableReadError` when it cannot be used. */
export async function readImportFile(
  bytes: Uint8Array,
  file: string,
  template: GridTemplate,
  { mapping = {}, allowMissingRequired = false, maxRows }: ReadImportOptions = {},
): Promise<PreparedImport> {
  if (bytes.length === 0) throw new TableReadError('empty', file, '文件为空')
  const kind = sniffFileKind(bytes, file)
  const raw: TableCell[][] =
    kind === 'xlsx' ? await readXlsx(bytes, file, { maxRows }) : readCsv(bytes, file, { maxRows })
  const { rows, ignored } = applyHandMapping(raw, template, mapping)
  const located = locate(rows, template, file, kind)
  const columnMapping = located.match.mapping.map((id, i) =>
    ignored.has(headerKey(located.headers[i] ?? '')) ? null : id,
  )
  located.match.mapping = columnMapping
  const all = columnsOf(template)
  const mapped = new Set(columnMapping.filter((id): id is string => id !== null))
  const missingRequired = all.filter((c) => c.required && !mapped.has(c.id)).map((c) => c.id)
  if (missingRequired.length > 0 && !allowMissingRequired) {
    const names = missingRequired.map((id) => all.find((c) => c.id === id)!.label)
    throw new TableReadError('missing-column', file, `缺少必填列：${names.join('、')}`)
  }
  const computed = new Set(all.filter((c) => c.type === 'computed').map((c) => c.id))
  const dataRows = kind === 'csv' ? located.dataRows.map(unquoteRow) : located.dataRows
  const table = tableToRows(template, columnMapping, dataRows)
  return {
    located,
    columns: all.filter((c) => mapped.has(c.id) && !computed.has(c.id)).map((c) => c.id),
    rows: table.rows,
    skipped: table.skipped.map((s) => ({ row: s.dataRow, reason: s.reason })),
    missingRequired,
  }
}

/**
 * A CSV cell written as `'=…` (our CSV export, and Excel's convention for text that
 * would otherwise be a formula) reads as the text after the `'`, so a CSV export
 * re-imports to the same values.
 */
function unquoteRow(cells: TableCell[]): TableCell[] {
  return cells.map((cell) =>
    typeof cell === 'string' && cell.startsWith("'") && looksLikeFormula(cell.slice(1))
      ? cell.slice(1)
      : cell,
  )
}

/** The credit-code column of a template (ledger and scoring both have one). */
function codeColumn(template: GridTemplate): string | null {
  return columnsOf(template).find((c) => c.type === 'creditCode')?.id ?? null
}

/**
 * Decide what each file row does to a sheet that holds `existing` (current rows, sheet
 * order). Pure: nothing is changed.
 */
export function planImport(
  template: GridTemplate,
  prepared: PreparedImport,
  existing: readonly Row[],
  { today }: { today?: string } = {},
): ImportPlan {
  const code = codeColumn(template)
  const byCode = new Map<string, Row>()
  if (code) {
    for (const row of existing) {
      const value = row[code]
      if (typeof value === 'string' && value !== '' && !byCode.has(value)) byCode.set(value, row)
    }
  }
  const firstInFile = new Map<string, number>()
  const plan: ImportPlan = { append: [], updates: [], rejected: [], outcome: new Map() }
  for (const { row, dataRow } of prepared.rows) {
    const values: Record<string, CellValue> = {}
    for (const id of prepared.columns) values[id] = row[id] ?? null
    const key = code ? values[code] : null
    const reasons: string[] = []
    if (typeof key === 'string' && key !== '') {
      const first = firstInFile.get(key)
      if (first !== undefined) {
        reasons.push(`统一社会信用代码与文件第 ${first} 行重复`)
      } else firstInFile.set(key, dataRow)
    }
    const target = typeof key === 'string' && key !== '' ? byCode.get(key) : undefined
    const result: Row = target ? { ...target, ...values } : { id: `import-${dataRow}`, ...values }
    for (const f of validateRow(template, result, today ? { today } : {})) {
      if (f.severity === 'error') reasons.push(f.message)
    }
    if (reasons.length > 0) {
      plan.rejected.push({ row: dataRow, reasons })
      plan.outcome.set(dataRow, 'rejected')
    } else if (target) {
      plan.updates.push({ rowId: target.id, values })
      plan.outcome.set(dataRow, 'update')
    } else {
      // a new row stores only what the file filled: an absent cell reads as empty anyway
      const filled: Record<string, CellValue> = {}
      for (const [id, value] of Object.entries(values)) if (value !== null) filled[id] = value
      plan.append.push(filled)
      plan.outcome.set(dataRow, 'new')
    }
  }
  return plan
}

/** Apply a plan to the document (call inside one transaction / server change). */
export function applyImportPlan(doc: Y.Doc, plan: ImportPlan): void {
  for (const { rowId, values } of plan.updates) updateRow(doc, rowId, values)
  if (plan.append.length > 0) appendRows(doc, plan.append)
}

/** Plan against the document as it is and apply: what the import's server change runs. */
export function importIntoDoc(
  doc: Y.Doc,
  template: GridTemplate,
  prepared: PreparedImport,
): ImportPlan {
  const plan = planImport(template, prepared, readRows(doc))
  applyImportPlan(doc, plan)
  return plan
}
