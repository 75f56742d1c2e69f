/**
 * @module export/pdfParts
 * Pieces every PDF export shares: the page footer (version · 第 x 页 共 y 页 · unit), the
 * signature block, the two-row merged header as pdfmake table rows, column widths that
 * fit the page, and one cheap table layout. pdfmake calls layout functions for every
 * cell edge, so they return constants.
 * Not for: a particular document (sheetPdf.ts, feedbackPages.ts, consolidationPdf.ts).
 */
import type { Content } from './fonts'
import { headerLayout, type HeaderColumn } from '@taizhang/schema'

/** Text as a PDF can print it: tabs and control characters (no glyph) become spaces. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0009\u000b-\u001f]/g, ' ')
}

/** A4 in points, and the margins used by every export. */
export const A4 = { width: 595.28, height: 841.89 }
export const PAGE_MARGINS: [number, number, number, number] = [28, 32, 28, 40]

/** Usable width of an A4 page between the margins. */
export function contentWidth(landscape: boolean): number {
  return (landscape ? A4.height : A4.width) - PAGE_MARGINS[0] - PAGE_MARGINS[2]
}

/** Thin grid lines and small paddings, as constants (called per cell edge). */
export const GRID_LAYOUT = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => '#444444',
  vLineColor: () => '#444444',
  paddingLeft: () => 2,
  paddingRight: () => 2,
  paddingTop: () => 1.5,
  paddingBottom: () => 1.5,
}

/** The footer of every page: `left` (the sheet version), 第 x 页 共 y 页, `right` (the unit). */
export function pageFooter(left: string, right: string) {
  return (currentPage: number, pageCount: number): Content => ({
    margin: [PAGE_MARGINS[0], 12, PAGE_MARGINS[2], 0],
    fontSize: 8,
    columns: [
      { text: left, width: '*' },
      { text: `第 ${currentPage} 页 共 ${pageCount} 页`, width: 'auto', alignment: 'center' },
      { text: right, width: '*', alignment: 'right' },
    ],
  })
}

/** 填报人：____ style lines: a label and either a value or a blank to sign on. */
export function signatureBlock(fields: readonly { label: string; value: string }[]): Content {
  return {
    margin: [0, 14, 0, 0],
    columns: fields.map(({ label, value }) => ({
      width: '*',
      text: [
        `${label}：`,
        value
          ? { text: value, decoration: 'underline' }
          : { text: ' '.repeat(24), decoration: 'underline' },
      ],
    })),
    columnGap: 12,
  }
}

/**
 * Column widths in points for template widths (in characters), scaled to fill the
 * available width exactly; a column with a minimum (codes and phone numbers that must
 * not wrap) gets at least that, the others share what is left in proportion.
 */
export function fitWidths(
  weights: readonly number[],
  available: number,
  minimums: readonly number[] = [],
  /** Points added outside each width: pdfmake's padding and line (2 + 2 + 0.5). */
  perColumn = 4.5,
): number[] {
  const inner = available - weights.length * perColumn - (perColumn ? 0.5 : 0)
  const fixed = new Map<number, number>()
  for (;;) {
    const free = weights.reduce((sum, w, i) => (fixed.has(i) ? sum : sum + w), 0) || 1
    const room = inner - [...fixed.values()].reduce((a, b) => a + b, 0)
    const widths = weights.map((w, i) => fixed.get(i) ?? (w / free) * room)
    const short = widths.findIndex((w, i) => !fixed.has(i) && w < (minimums[i] ?? 0))
    if (short < 0) return widths
    fixed.set(short, minimums[short]!)
  }
}

/** The two header rows for a pdfmake table (`headerRows: 2`), merged like the xlsx. */
export function headerRows(columns: readonly HeaderColumn[], style: object = {}): Content[][] {
  const rows: Content[][] = [columns.map(() => ({})), columns.map(() => ({}))]
  for (const cell of headerLayout(columns)) {
    rows[cell.row]![cell.col] = {
      text: cell.text,
      bold: true,
      alignment: 'center',
      fillColor: '#eeeeee',
      ...(cell.colSpan > 1 ? { colSpan: cell.colSpan } : {}),
      ...(cell.rowSpan > 1 ? { rowSpan: cell.rowSpan } : {}),
      ...style,
    }
  }
  return rows
}
