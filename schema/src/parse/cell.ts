/**
 * @module parse/cell
 * One cell in, one stored value out: what a person typed in the grid or what an xlsx /
 * csv file held (string, number, boolean, Date, empty) becomes the value the Yjs row map
 * stores for that column type (SPEC §6.3; the types are described in templates/types).
 *
 * What cannot be read is kept as the trimmed original text, never dropped, so the
 * person sees what they typed and validation reports `type` (or `option`) on it.
 * Not for: judging whether a readable value is allowed (see `rules/cellRules`).
 */
import { normalizeCreditCode } from '../rules/creditCode'
import type { CellValue, Column } from '../templates/types'
import { normalizeText, parseDate, parseNumberText, parseOption, parseYesNo } from './normalize'

/** Turn raw input into the stored value for `column`; empty input gives null. */
export function parseCell(column: Column, raw: unknown): CellValue {
  if (raw === null || raw === undefined) return null
  if (typeof raw === 'string' && raw.trim() === '') return null
  switch (column.type) {
    case 'text':
    case 'longText':
    case 'attachment':
      return readText(raw)
    case 'integer':
    case 'money':
    case 'score':
      return readNumber(raw)
    case 'computed': {
      const n = readNumber(raw)
      return typeof n === 'number' ? n : readText(raw)
    }
    case 'yesno':
      return orKept(parseYesNo(raw), raw)
    case 'date':
      return orKept(parseDate(raw), raw)
    case 'option':
      return orKept(parseOption(column, raw), raw)
    case 'creditCode': {
      const code = normalizeCreditCode(rawText(raw))
      return code === '' ? null : code
    }
    case 'phone': {
      const phone = normalizeText(rawText(raw))
      return phone === '' ? null : phone
    }
  }
}

/** The raw input as text, the way a person would read it back. */
function rawText(raw: unknown): string {
  if (typeof raw === 'string') return raw
  if (typeof raw === 'boolean') return raw ? '是' : '否'
  if (raw instanceof Date) return parseDate(raw) ?? String(raw)
  return String(raw)
}

// Text cells keep 全角 punctuation: organisation names are written with （）.
function readText(raw: unknown): string | null {
  const text = rawText(raw).trim()
  return text === '' ? null : text
}

function readNumber(raw: unknown): CellValue {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : String(raw)
  const n = typeof raw === 'string' ? parseNumberText(raw) : NaN
  if (n === null) return null
  return Number.isNaN(n) ? kept(raw) : n
}

function orKept(value: string | boolean | null | undefined, raw: unknown): CellValue {
  return value === undefined ? kept(raw) : value
}

/** Unreadable input, kept as text so nothing typed is lost. */
function kept(raw: unknown): string | null {
  const text = (typeof raw === 'string' ? raw : String(raw)).trim()
  return text === '' ? null : text
}
