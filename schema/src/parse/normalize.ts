/**
 * @module parse/normalize
 * Forgiving readers for what cadres type into a cell or what an Excel file holds:
 * 全角 digits and letters, stray spaces, "12人", "1,200", 是/否 √/× true/false 1/0,
 * 2026年3月5日 and 2026/3/5, option spellings such as `区域党支部覆盖（1+N）`.
 *
 * Each reader returns the value it understood, `null` for an empty input, and a marker
 * for "there is something here I cannot read" (NaN for numbers, `undefined` for the
 * others). Callers keep the original text in that case (see `parse/cell`), so nothing a
 * person typed is silently dropped. Not for: deciding whether a value is allowed in a
 * column (see `rules/cellRules`).
 */
import type { Column } from '../templates/types'

/** 全角 ASCII (U+FF01–U+FF5E) and the ideographic space → their 半角 forms. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  )
}

// Zero-width characters that come along when text is pasted from web pages or Word.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g

/** Half-width, invisible characters removed, surrounding whitespace trimmed. */
export function normalizeText(text: string): string {
  return toHalfWidth(text).replace(INVISIBLE, '').trim()
}

/** Units people type after a number ("12人", "7天", "3000元"); ignored when reading it. */
const NUMBER_UNITS = [
  '人次',
  '人',
  '名',
  '位',
  '个',
  '家',
  '户',
  '天',
  '日',
  '元',
  '星级',
  '星',
  '分',
  '次',
  '岁',
]
const NUMBER_RE = new RegExp(
  '^([+-])?((?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?|\\.\\d+)(万)?(?:' +
    NUMBER_UNITS.join('|') +
    ')?$',
)

/**
 * Read a number as people type it: "12", "12人", "1,200", "1，200", "１２", "3.5", "-1",
 * "1.5万元" (× 10,000), "¥3,000". Returns null when empty and NaN when the text is not a
 * number at all ("十二", "1,2", "12abc").
 */
export function parseNumberText(text: string): number | null {
  const t = normalizeText(text)
    .replace(/[\s\u00A0]/g, '')
    .replace(/[\u2212\u2012-\u2014]/g, '-') // minus signs from Word / web pages
    .replace(/^[¥\uFFE5]/, '')
  if (t === '') return null
  const m = NUMBER_RE.exec(t)
  if (!m) return NaN
  let digits = m[2]!.replace(/,/g, '')
  if (m[3]) digits = shiftDecimal(digits, 4)
  const n = Number(digits)
  if (!Number.isFinite(n)) return NaN
  const signed = m[1] === '-' ? -n : n
  return signed === 0 ? 0 : signed // no -0
}

/** Multiply a decimal string by 10^places without floating-point noise (1.23万 → 12300). */
function shiftDecimal(digits: string, places: number): string {
  const [int = '', frac = ''] = digits.split('.')
  const padded = frac.padEnd(places, '0')
  const rest = padded.slice(places)
  return (int || '0') + padded.slice(0, places) + (rest ? '.' + rest : '')
}

const YES = new Set([
  '是',
  '有',
  '是的',
  '已',
  'true',
  't',
  '1',
  '√',
  '✓',
  '✔',
  '☑',
  'y',
  'yes',
  '对',
])
const NO = new Set([
  '否',
  '无',
  '没有',
  '不是',
  '未',
  'false',
  'f',
  '0',
  '×',
  '✗',
  '✘',
  'x',
  'n',
  'no',
  '错',
])

/**
 * Read a yes/no cell: 是/否, 有/无, true/false, 1/0, √/×, ✓/✗, Y/N, yes/no (any case,
 * 全角 or 半角). Returns null when empty and `undefined` when it is something else.
 */
export function parseYesNo(raw: unknown): boolean | null | undefined {
  if (raw === null || raw === undefined) return null
  if (typeof raw === 'boolean') return raw
  if (typeof raw === 'number') return raw === 1 ? true : raw === 0 ? false : undefined
  if (typeof raw !== 'string') return undefined
  const t = normalizeText(raw).toLowerCase()
  if (t === '') return null
  if (YES.has(t)) return true
  if (NO.has(t)) return false
  return undefined
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n

/** True when year-month-day is a real calendar date (no 2月30日). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return false
  if (!Number.isInteger(month) || month < 1 || month > 12) return false
  if (!Number.isInteger(day) || day < 1) return false
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!
  return day <= days
}

function ymd(year: number, month: number, day: number): string | undefined {
  return isCalendarDate(year, month, day) ? `${year}-${pad2(month)}-${pad2(day)}` : undefined
}

const DATE_RE =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/
const COMPACT_DATE_RE = /^(\d{4})(\d{2})(\d{2})$/

/** Excel's day 0 is 1899-12-30 for serials after the phantom 1900-02-29 (serial 60). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)
const DAY_MS = 86_400_000

/**
 * Read a date as `YYYY-MM-DD`. Strings: 2026-03-05, 2026-3-5, 2026/3/5, 2026.3.5,
 * 2026年3月5日 (or 5号), 20260305, with or without a trailing time. A number is an Excel date serial
 * (or yyyymmdd). A Date at UTC midnight (how exceljs hands over date cells) is read in
 * UTC, any other Date in local time. Impossible dates (2026-02-30) are not dates.
 * Returns null when empty and `undefined` when unreadable.
 */
export function parseDate(raw: unknown): string | null | undefined {
  if (raw === null || raw === undefined) return null
  if (raw instanceof Date) return dateObjectToYmd(raw)
  if (typeof raw === 'number') return serialToYmd(raw)
  if (typeof raw !== 'string') return undefined
  const t = normalizeText(raw)
  if (t === '') return null
  const m = DATE_RE.exec(t) ?? COMPACT_DATE_RE.exec(t)
  if (!m) return undefined
  return ymd(Number(m[1]), Number(m[2]), Number(m[3]))
}

function dateObjectToYmd(d: Date): string | undefined {
  if (Number.isNaN(d.getTime())) return undefined
  const utcMidnight =
    d.getUTCHours() === 0 &&
    d.getUTCMinutes() === 0 &&
    d.getUTCSeconds() === 0 &&
    d.getUTCMilliseconds() === 0
  return utcMidnight
    ? ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
    : ymd(d.getFullYear(), d.getMonth() + 1, d.getDate())
}

function serialToYmd(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined
  if (Number.isInteger(n) && n >= 10000101 && n <= 99991231) {
    return ymd(Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100)
  }
  const serial = Math.floor(n) // the fraction is the time of day
  if (serial < 1 || serial > 2_958_465 || serial === 60) return undefined
  const ms = serial < 60 ? EXCEL_EPOCH_MS + (serial + 1) * DAY_MS : EXCEL_EPOCH_MS + serial * DAY_MS
  const d = new Date(ms)
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
}

/** The form option spellings are compared in: half-width, no spaces, lower-case. */
function optionKey(text: string): string {
  return normalizeText(text).replace(/\s+/g, '').toLowerCase()
}

const optionLookups = new WeakMap<Column, Map<string, string>>()

function optionLookup(column: Column): Map<string, string> {
  let lookup = optionLookups.get(column)
  if (!lookup) {
    lookup = new Map()
    for (const [alias, canonical] of Object.entries(column.optionAliases ?? {})) {
      lookup.set(optionKey(alias), canonical)
    }
    // Options win over aliases that happen to collide with them.
    for (const option of column.options ?? []) lookup.set(optionKey(option), option)
    optionLookups.set(column, lookup)
  }
  return lookup
}

/**
 * Read an option cell: the canonical option for an exact match after normalising
 * (全角/半角, spaces, case), else for one of the column's `optionAliases` (so
 * `区域党支部覆盖（1+N）` and `1+N` give 区域党支部覆盖). Returns null when empty and
 * `undefined` when it matches nothing. A column without options accepts any text.
 */
export function parseOption(column: Column, raw: unknown): string | null | undefined {
  if (raw === null || raw === undefined) return null
  const text = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : undefined
  if (text === undefined) return undefined
  const t = normalizeText(text)
  if (t === '') return null
  if (!column.options) return t
  return optionLookup(column).get(optionKey(t))
}
