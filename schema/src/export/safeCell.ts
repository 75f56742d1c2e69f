/**
 * @module schema/export/safeCell
 * The one rule every writer applies to cell text (SPEC §5): text that starts with
 * = + - @ (or a tab / carriage return before them, which Excel strips) is data, never a
 * formula. In xlsx it stays a plain string cell; in CSV it gets a leading `'`, the
 * convention Excel and WPS show as text. Also drops characters XML 1.0 cannot carry, so a
 * stray control character in a cell cannot corrupt the workbook.
 * Not for: formatting values per column type (see `cellText.ts`).
 */

/** Characters a spreadsheet program may read as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/

/** XML 1.0 forbids these control characters; tab, LF and CR stay. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

/** Whether a spreadsheet program would take this text as a formula if typed into a cell. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text)
}

/** Text safe to place in an xlsx string cell (exceljs writes it with `t="s"`). */
export function xlsxText(text: string): string {
  return text.replace(XML_INVALID, '')
}

/**
 * A value for an exceljs cell: only primitives ever pass, so no `{ formula }` object can
 * come from cell text, and text is cleaned of characters XML cannot hold.
 */
export function xlsxValue(value: string | number | null): string | number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (value === null) return null
  return xlsxText(value)
}

/** Text for a CSV field: formula-looking text gets a leading `'`. */
export function csvText(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text
}
