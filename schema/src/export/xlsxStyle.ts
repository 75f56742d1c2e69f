/**
 * @module export/xlsxStyle
 * The look of every xlsx export, used by `xlsxSheet.ts` (which the server's streaming
 * writer and the browser's offline workbook both call) and the server's 汇总表: the fixed
 * rows at the top, the shared style objects, column widths, per-type cell styles, drop-down
 * choices and worksheet names. Only exceljs *types* are used here (no runtime import), so
 * the module stays pure.
 */
import type { Alignment, Borders, Font, Style } from 'exceljs'
import type { Column } from '../templates/types'

/** Row numbers (1-based) of the fixed top part of every grid export. */
export const TITLE_ROW = 1
export const VERSION_ROW = 2
export const HEADER_ROWS = [3, 4] as const
export const FIRST_DATA_ROW = 5

const FONT = '宋体'
const thin = { style: 'thin' as const, color: { argb: 'FF000000' } }
const BORDER: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin }
const bodyFont: Partial<Font> = { name: FONT, size: 10 }

const styleOf = (font: Partial<Font>, alignment: Partial<Alignment>, extra: Partial<Style> = {}) =>
  ({ font, alignment, border: BORDER, ...extra }) as Partial<Style>

/**
 * Shared style objects. exceljs looks styles up per cell; handing it the same object for
 * every cell of a kind is what keeps large exports fast.
 */
export const STYLES = {
  title: {
    font: { name: FONT, size: 16, bold: true },
    alignment: { horizontal: 'center', vertical: 'middle' },
  } as Partial<Style>,
  header: styleOf(
    { name: FONT, size: 10, bold: true },
    { horizontal: 'center', vertical: 'middle', wrapText: true },
    { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } } },
  ),
  text: styleOf(bodyFont, { vertical: 'middle', wrapText: true }),
  /** Text kept as text even if someone edits the cell: formula-looking text, codes, phones. */
  literal: styleOf(bodyFont, { vertical: 'middle', wrapText: true }, { numFmt: '@' }),
  center: styleOf(bodyFont, { horizontal: 'center', vertical: 'middle' }),
  number: styleOf(bodyFont, { horizontal: 'right', vertical: 'middle' }),
  money: styleOf(bodyFont, { horizontal: 'right', vertical: 'middle' }, { numFmt: '#,##0.00' }),
  percent: styleOf(bodyFont, { horizontal: 'right', vertical: 'middle' }),
  footer: { font: bodyFont, alignment: { vertical: 'middle' } } as Partial<Style>,
  version: {
    font: { name: FONT, size: 9, color: { argb: 'FF595959' } },
    alignment: { horizontal: 'right', vertical: 'middle' },
  } as Partial<Style>,
} satisfies Record<string, Partial<Style>>

/** Excel column letters for a 0-based column index. */
export function columnLetter(index: number): string {
  let n = index + 1
  let s = ''
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

/** A worksheet name Excel accepts: ≤ 31 characters, none of []:*?/\ . */
export function sheetName(title: string): string {
  return (
    title
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 31)
      .trim() || 'Sheet1'
  )
}

/** Excel column width (in "0" characters) for a template width; CJK glyphs are two wide. */
export function excelWidth(column: Column): number {
  return Math.max(6, Math.round((column.width ?? 10) * 1.25) + 2)
}

/** The style a data cell of this column gets (before the formula-text override). */
export function columnStyle(column: Column): Partial<Style> {
  switch (column.type) {
    case 'integer':
    case 'score':
    case 'computed':
      return STYLES.number
    case 'money':
      return STYLES.money
    case 'yesno':
    case 'date':
    case 'option':
      return STYLES.center
    case 'creditCode':
    case 'phone':
      return STYLES.literal
    default:
      return STYLES.text
  }
}

/** The drop-down choices of a column, if it has any. */
export function listOptions(column: Column): readonly string[] | null {
  if (column.type === 'yesno') return ['是', '否']
  if (column.type === 'option' && column.options?.length) return column.options
  return null
}
