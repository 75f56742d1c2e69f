/**
 * @module export/sheetPdf
 * A 网格台账 or 督查评分表 as PDF for upper-level review (SPEC §5): A4, landscape when
 * the table is wide (the ledger's 33 columns at a small size, widths in the template's
 * proportions), the same two-row merged header as the xlsx repeated on every page,
 * Noto Sans SC embedded, 第 x 页 共 y 页 and the sheet version in every page footer, the
 * signature block after the table. `writeSheetPdf` draws the table with the fast grid
 * renderer (gridPdf.ts, pdfkit) because of the 10,000-row target; `writeScoringPdf`
 * builds a pdfmake document — scoring sheets are small — so it can add one 督查反馈单
 * page per inspected organisation (feedbackPages.ts) after the same-looking table.
 * Not for: HTTP, or sheets other than ledger/scoring (reports go to docx).
 */
import {
  columnsOf,
  headerLabel,
  withComputed,
  type Column,
  type GridTemplate,
  type Row,
  type ScoringTemplate,
  exportText,
  signatureFields,
  versionLabel,
  type ExportMeta,
} from '@taizhang/schema'
import { feedbackPage } from './feedbackPages'
import type { FeedbackRectification } from './feedbackRectification'
import { renderGridPdf } from './gridPdf'
import { renderPdf, type Content, type DocDefinition } from './fonts'
import {
  GRID_LAYOUT,
  PAGE_MARGINS,
  contentWidth,
  fitWidths,
  headerRows,
  pageFooter,
  printable,
  signatureBlock,
} from './pdfParts'
import type { SheetExportInput } from './sheetXlsx'

const RIGHT = new Set<Column['type']>(['integer', 'money', 'score', 'computed'])
const CENTER = new Set<Column['type']>(['yesno', 'date', 'option'])
/** Columns whose text must not wrap, in Latin characters: 18-character codes, phones, dates. */
const MIN_CHARS: Partial<Record<Column['type'], number>> = {
  creditCode: 18.5,
  phone: 13.5,
  date: 10.5,
}

/** Font size that keeps a table of this many columns readable on one page width. */
function tableFontSize(columnCount: number): number {
  if (columnCount > 24) return 5.5
  if (columnCount > 14) return 7
  return 9
}

/** Title, version line, the table and the signature block of a grid sheet. */
export function sheetContent(
  template: GridTemplate,
  rows: readonly Row[],
  meta: ExportMeta,
): { content: Content[]; landscape: boolean } {
  const columns = columnsOf(template)
  const landscape = columns.length > 10
  const fontSize = tableFontSize(columns.length)
  const widths = fitWidths(
    columns.map((c) => c.width ?? 10),
    contentWidth(landscape),
    columns.map((c) => (MIN_CHARS[c.type] ?? 0) * fontSize * 0.66),
  )
  const align = columns.map((c) =>
    RIGHT.has(c.type) ? 'right' : CENTER.has(c.type) ? 'center' : null,
  )
  const body: Content[][] = headerRows(
    columns.map((c) => ({ label: headerLabel(c), group: c.group })),
  )
  for (const stored of rows) {
    const row = withComputed(template, stored)
    body.push(
      columns.map((c, i) => {
        const text = printable(exportText(c, row[c.id]))
        const alignment = align[i]
        // Plain strings are cheapest for pdfmake; objects only where alignment differs.
        return alignment && text ? { text, alignment } : text
      }),
    )
  }
  const content: Content[] = [
    { text: `${meta.unitName} ${meta.title}`, fontSize: 15, bold: true, alignment: 'center' },
    { text: versionLabel(meta.version), fontSize: 8, alignment: 'right', margin: [0, 2, 0, 4] },
    {
      table: { headerRows: 2, widths, body, dontBreakRows: true },
      layout: GRID_LAYOUT,
      fontSize,
    },
    signatureBlock(signatureFields(meta).filter((f) => f.label !== '填报单位')),
  ]
  return { content, landscape }
}

function documentFor(meta: ExportMeta, landscape: boolean, content: Content[]): DocDefinition {
  return {
    info: { title: `${meta.unitName} ${meta.title}`, subject: versionLabel(meta.version) },
    pageSize: 'A4',
    pageOrientation: landscape ? 'landscape' : 'portrait',
    pageMargins: PAGE_MARGINS,
    footer: pageFooter(versionLabel(meta.version), meta.unitName),
    defaultStyle: { fontSize: 10, lineHeight: 1.15 },
    content,
  }
}

/**
 * The ledger or scoring sheet as a PDF table, through the fast grid renderer (a
 * 10,000-row ledger must stay under 10 s; see gridPdf.ts).
 */
export async function writeSheetPdf({ template, rows, meta }: SheetExportInput): Promise<Buffer> {
  const columns = columnsOf(template)
  const landscape = columns.length > 10
  const fontSize = tableFontSize(columns.length)
  const widths = fitWidths(
    columns.map((c) => c.width ?? 10),
    contentWidth(landscape),
    columns.map((c) => (MIN_CHARS[c.type] ?? 0) * fontSize * 0.66 + 4),
    0,
  )
  function* cells(): Generator<string[]> {
    for (const stored of rows) {
      const row = withComputed(template, stored)
      yield columns.map((c) => exportText(c, row[c.id]))
    }
  }
  return renderGridPdf({
    title: `${meta.unitName} ${meta.title}`,
    subtitle: versionLabel(meta.version),
    columns: columns.map((c, i) => ({
      label: headerLabel(c),
      group: c.group,
      width: widths[i]!,
      align: RIGHT.has(c.type) ? 'right' : CENTER.has(c.type) ? 'center' : 'left',
    })),
    rows: cells(),
    fontSize,
    landscape,
    footerLeft: versionLabel(meta.version),
    footerRight: meta.unitName,
    signature: signatureFields(meta).filter((f) => f.label !== '填报单位'),
    info: { Title: `${meta.unitName} ${meta.title}`, Subject: versionLabel(meta.version) },
  })
}

/**
 * The scoring sheet as PDF: the table, then one 督查反馈单 page per organisation (each
 * starts a new portrait page). `table: false` gives the feedback pages alone.
 */
export async function writeScoringPdf(
  {
    template,
    rows,
    meta,
    rectifications,
  }: {
    template: ScoringTemplate
    rows: readonly Row[]
    meta: ExportMeta
    /** The rectification item of a row (SPEC §9), by row id: shown on its feedback page. */
    rectifications?: ReadonlyMap<string, FeedbackRectification>
  },
  { table = true }: { table?: boolean } = {},
): Promise<Buffer> {
  const sheet = table ? sheetContent(template, rows, meta) : { content: [], landscape: false }
  const render = (withPhotos: boolean) => {
    const pages = rows.map((row, i) => {
      const rectification = rectifications?.get(row.id)
      return feedbackPage(template, withComputed(template, row), meta, {
        breakBefore: table || i > 0,
        withPhotos,
        ...(rectification ? { rectification } : {}),
      })
    })
    return renderPdf(documentFor(meta, sheet.landscape, [...sheet.content, ...pages]))
  }
  try {
    return await render(true)
  } catch (error) {
    // a photo the PDF library cannot read (damaged bytes behind a valid header) must not cost
    // the whole 反馈单: the pages are drawn again without photos
    if (!rectifications?.size) throw error
    return render(false)
  }
}
