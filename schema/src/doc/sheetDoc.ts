/**
 * @module doc/sheetDoc
 * The Yjs layout of a sheet (SPEC §6.3) and the only code that touches it directly:
 *   getMap('meta')      template, title, unitId, schemaVersion, status (+ report fields)
 *   getMap('rows')      rowId → Y.Map of column id → plain value, plus
 *                       `_pos` (fractional-indexing key) and `_deleted` (boolean)
 *   getMap('conflicts') conflictKey(rowId, column) → ConflictRecord (plain JSON)
 * Rows are never removed from the map: deleting marks `_deleted`, so an offline edit
 * to a row somebody else deleted survives and the row can be restored.
 * Not for: validation or parsing of typed text (see `validate/`, `parse/`).
 */
import { generateKeyBetween } from 'fractional-indexing'
import * as Y from 'yjs'
import type { CellValue, Row } from '../templates/types'
import type { SheetStatus } from '../workflow/states'

export const META = 'meta'
export const ROWS = 'rows'
export const CONFLICTS = 'conflicts'
export const POS = '_pos'
export const DELETED = '_deleted'
export const SCHEMA_VERSION = 1

export interface SheetMeta {
  /** The template id (SPEC §7): a built-in (`ledger`, `scoring`, `report`, …) or a stored one. */
  template: string
  /** The version of that template the sheet is pinned to (absent in sheets made before). */
  templateVersion?: number
  title: string
  unitId: string
  schemaVersion: number
  status?: SheetStatus
}

/** Both values of a cell two people changed while apart (SPEC §4). */
export interface ConflictValue {
  value: CellValue
  by: string
  at: string
}
export interface ConflictRecord {
  rowId: string
  column: string
  values: ConflictValue[]
  resolved: boolean
  resolvedBy?: string
  resolvedAt?: string
}

export type RowMap = Y.Map<CellValue>

declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T }

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'

/** A new opaque id (16 base-36 characters, ~82 bits), for rows and sheets. */
export function newId(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  let id = ''
  for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length]
  return id
}

export const metaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(META)
export const rowsMap = (doc: Y.Doc): Y.Map<RowMap> => doc.getMap(ROWS)

/**
 * The row map of `rowId`, or undefined. Any client can write any Yjs value under `rows`
 * (a string, an array …): readers must never assume a Y.Map there (a reader that did would answer GET …/rows
 * with a 500 for such a doc, docs/RELIABILITY.md §2), so every reader goes through this.
 */
export function rowAt(doc: Y.Doc, rowId: string): RowMap | undefined {
  const row: unknown = rowsMap(doc).get(rowId)
  return row instanceof Y.Map ? (row as RowMap) : undefined
}

/** Plain cell values only (what the layout allows); nested Yjs types are not cell values. */
const isPlainValue = (value: unknown): boolean =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value)
export const conflictsMap = (doc: Y.Doc): Y.Map<ConflictRecord> => doc.getMap(CONFLICTS)

/**
 * The meta map as plain data, read key by key: only plain values (string, number, boolean,
 * null) are kept. Any client can write any Yjs value under `meta`; a recursive `toJSON()`
 * of 20,000 nested maps overflowed the stack in the room's load, the findings, the exports
 * and every browser (issue 17 §4), so nested types are never converted here.
 */
export function readMeta(doc: Y.Doc): Partial<SheetMeta> & Record<string, unknown> {
  const meta: Record<string, unknown> = {}
  metaMap(doc).forEach((value, key) => {
    if (key !== '__proto__' && isPlainValue(value)) meta[key] = value
  })
  return meta as Partial<SheetMeta> & Record<string, unknown>
}

export function writeMeta(doc: Y.Doc, meta: Partial<SheetMeta> & Record<string, unknown>): void {
  doc.transact(() => {
    const map = metaMap(doc)
    for (const [key, value] of Object.entries(meta)) {
      if (value !== undefined && map.get(key) !== value) map.set(key, value)
    }
  })
}

/** Ordering of two rows: by `_pos`, ties (concurrent inserts at one place) by id. */
function comparePos(a: { pos: string; id: string }, b: { pos: string; id: string }): number {
  if (a.pos !== b.pos) return a.pos < b.pos ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** Live row ids in display order. */
export function orderedRowIds(doc: Y.Doc, { includeDeleted = false } = {}): string[] {
  const entries: { pos: string; id: string }[] = []
  rowsMap(doc).forEach((row, id) => {
    if (!(row instanceof Y.Map)) return
    if (!includeDeleted && row.get(DELETED) === true) return
    entries.push({ pos: String(row.get(POS) ?? ''), id })
  })
  return entries.sort(comparePos).map((e) => e.id)
}

/**
 * Keys a row map may hold that are never cells: the row's own bookkeeping, `id` (the row id
 * is the map's key; a cell a client wrote as `id` must not replace it in `GET …/rows`) and
 * `__proto__` (assigning it would set the plain row's prototype instead of a property).
 */
const NOT_CELLS = new Set([POS, DELETED, 'id', '__proto__'])

/** A row map as a plain row (without `_pos`/`_deleted`). */
export function rowToPlain(id: string, row: RowMap): Row {
  const plain: Row = { id }
  row.forEach((value, key) => {
    if (!NOT_CELLS.has(key) && isPlainValue(value)) plain[key] = value
  })
  return plain
}

/** The sheet as plain rows in `_pos` order, deleted rows left out (SPEC §6.3 `…/rows`). */
export function readRows(doc: Y.Doc, { includeDeleted = false } = {}): Row[] {
  return orderedRowIds(doc, { includeDeleted }).map((id) => rowToPlain(id, rowAt(doc, id)!))
}

export function readRow(doc: Y.Doc, rowId: string): Row | undefined {
  const row = rowAt(doc, rowId)
  return row ? rowToPlain(rowId, row) : undefined
}

export function isDeleted(doc: Y.Doc, rowId: string): boolean {
  return rowAt(doc, rowId)?.get(DELETED) === true
}

/** Position key between two neighbours (either may be absent: start or end). */
function posBetween(doc: Y.Doc, beforeId?: string | null, afterId?: string | null): string {
  const posOf = (id: string) => {
    const pos = rowAt(doc, id)?.get(POS)
    return isOrderKey(pos) ? pos : null
  }
  const lo = beforeId ? posOf(beforeId) : null
  const hi = afterId ? posOf(afterId) : null
  if (lo !== null && hi !== null && lo >= hi) return generateKeyBetween(lo, null)
  return generateKeyBetween(lo, hi)
}

/**
 * Whether `pos` is a key `generateKeyBetween` accepts. Any client can write any string as a
 * row's `_pos` (the server keeps hostile shapes and readers skip them); one that is not a
 * valid key still orders its row, but is never used as a neighbour, or inserting next to it
 * would throw.
 */
function isOrderKey(pos: unknown): pos is string {
  if (typeof pos !== 'string') return false
  try {
    generateKeyBetween(pos, null)
    return true
  } catch {
    return false
  }
}

/** The greatest valid position key in the sheet, deleted rows included. */
function lastPos(doc: Y.Doc): string | null {
  let max: string | null = null
  rowsMap(doc).forEach((row) => {
    if (!(row instanceof Y.Map)) return
    const pos = row.get(POS)
    if (typeof pos === 'string' && (max === null || pos > max) && isOrderKey(pos)) max = pos
  })
  return max
}

export interface InsertOptions {
  id?: string
  /** Insert directly after this row (default: at the end). */
  after?: string | null
  /** …and before this one. */
  before?: string | null
}

/** Add a row; returns its id. Values must already be parsed (see `parse/cell`). */
export function insertRow(
  doc: Y.Doc,
  values: Record<string, CellValue> = {},
  { id = newId(), after, before }: InsertOptions = {},
): string {
  doc.transact(() => {
    const pos =
      after === undefined && before === undefined
        ? generateKeyBetween(lastPos(doc), null)
        : posBetween(doc, after, before)
    rowsMap(doc).set(id, newRowMap(values, pos))
  })
  return id
}

/** A fresh row map holding `values` (minus `id`) at position `pos`, not deleted. */
function newRowMap(values: Record<string, CellValue>, pos: string): RowMap {
  const row = new Y.Map<CellValue>()
  for (const [key, value] of Object.entries(values)) {
    if (key !== 'id' && value !== undefined) row.set(key, value)
  }
  row.set(POS, pos)
  row.set(DELETED, false)
  return row
}

/** Add many rows at the end in one transaction (imports, demo data). */
export function appendRows(doc: Y.Doc, rows: Record<string, CellValue>[]): string[] {
  const ids: string[] = []
  doc.transact(() => {
    let pos = lastPos(doc)
    for (const values of rows) {
      pos = generateKeyBetween(pos, null)
      const id = typeof values.id === 'string' && values.id ? values.id : newId()
      rowsMap(doc).set(id, newRowMap(values, pos))
      ids.push(id)
    }
  })
  return ids
}

/** Set cells of an existing row; a value equal to the stored one is not rewritten. */
export function updateRow(doc: Y.Doc, rowId: string, values: Record<string, CellValue>): void {
  const row = rowAt(doc, rowId)
  if (!row) throw new Error(`unknown row ${rowId}`)
  doc.transact(() => {
    for (const [key, value] of Object.entries(values)) {
      if (key === 'id' || key === POS || key === DELETED || value === undefined) continue
      if (row.get(key) !== value) row.set(key, value)
    }
  })
}

export function setCell(doc: Y.Doc, rowId: string, column: string, value: CellValue): void {
  updateRow(doc, rowId, { [column]: value })
}

/** Soft delete: the row stays in the map, marked deleted (restorable). */
export function deleteRow(doc: Y.Doc, rowId: string): void {
  rowAt(doc, rowId)?.set(DELETED, true)
}

export function restoreRow(doc: Y.Doc, rowId: string): void {
  rowAt(doc, rowId)?.set(DELETED, false)
}

/** Move a row between two neighbours (either may be null for start/end). */
export function moveRow(
  doc: Y.Doc,
  rowId: string,
  { after = null, before = null }: { after?: string | null; before?: string | null },
): void {
  const row = rowAt(doc, rowId)
  if (!row) return
  row.set(POS, posBetween(doc, after, before))
}

export function conflictKey(rowId: string, column: string): string {
  return `${rowId}/${column}`
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isConflictValue = (value: unknown): value is ConflictValue =>
  isRecord(value) &&
  isPlainValue(value.value) &&
  typeof value.by === 'string' &&
  typeof value.at === 'string'

/**
 * Whether a value of the conflicts map has the record's shape. Only the server writes the
 * map, but a document stored before it guarded the map may hold anything a client wrote
 * there (a plain string made `GET …/conflicts` answer 500 for good): readers skip the rest.
 */
export function isConflictRecord(value: unknown): value is ConflictRecord {
  return (
    isRecord(value) &&
    typeof value.rowId === 'string' &&
    typeof value.column === 'string' &&
    Array.isArray(value.values) &&
    value.values.every(isConflictValue) &&
    typeof value.resolved === 'boolean' &&
    (value.resolvedBy === undefined || typeof value.resolvedBy === 'string') &&
    (value.resolvedAt === undefined || typeof value.resolvedAt === 'string')
  )
}

/** The conflict record of a cell, if there is a well-formed one. */
export function conflictAt(doc: Y.Doc, rowId: string, column: string): ConflictRecord | undefined {
  const record: unknown = conflictsMap(doc).get(conflictKey(rowId, column))
  return isConflictRecord(record) ? record : undefined
}

/** Every well-formed conflict record (malformed ones are skipped, see `isConflictRecord`). */
export function readConflicts(doc: Y.Doc): ConflictRecord[] {
  const list: ConflictRecord[] = []
  conflictsMap(doc).forEach((record: unknown) => {
    if (isConflictRecord(record)) list.push(record)
  })
  return list
}

/**
 * Acknowledgements of `warning` findings (SPEC §2: a warning must be acknowledged with a
 * reason). Top-level `getMap('acks')`: ackKey(rowId, column, rule) → plain JSON record.
 * A record stays when the finding goes away; readers match it against live findings.
 */
export const ACKS = 'acks'

export interface Acknowledgement {
  reason: string
  /** Display name (or username) of who acknowledged it. */
  by: string
  /** ISO time. */
  at: string
}

export const acksMap = (doc: Y.Doc): Y.Map<Acknowledgement> => doc.getMap(ACKS)

export function ackKey(rowId: string, column: string, rule: string): string {
  return `${rowId}/${column}/${rule}`
}

/** Records why a warning is accepted as it is. */
export function acknowledgeFinding(
  doc: Y.Doc,
  finding: { rowId: string; column: string; rule: string },
  ack: Acknowledgement,
): void {
  acksMap(doc).set(ackKey(finding.rowId, finding.column, finding.rule), { ...ack })
}

/** Withdraws an acknowledgement (the warning counts as open again). */
export function removeAcknowledgement(
  doc: Y.Doc,
  finding: { rowId: string; column: string; rule: string },
): void {
  acksMap(doc).delete(ackKey(finding.rowId, finding.column, finding.rule))
}

/** Every acknowledgement, keyed by `ackKey`. */
export function readAcks(doc: Y.Doc): Record<string, Acknowledgement> {
  return acksMap(doc).toJSON() as Record<string, Acknowledgement>
}
