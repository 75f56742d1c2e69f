/**
 * @module export/gridPdf
 * A fast PDF table renderer for large sheets, drawn directly with pdfkit (the engine
 * under pdfmake). pdfmake measures and lays out every cell through its generic document
 * model, far too slow for a 10,000-row ledger (330,000 cells). This renderer knows the
 * table is a grid: it wraps text with cached glyph widths, places each line itself and
 * draws borders as one path per row, which is what brings the 10,000-row ledger within
 * the 10 s target (bench/export.ts; the figures: bench/RESULTS.md, "Figures behind design
 * choices").
 * It draws what the pdfmake documents draw: title and version line, the two-row merged
 * header repeated on every page, rows that never split across pages, the signature
 * block, and a footer with the version, 第 x 页 共 y 页 and the unit on every page.
 * Not for: free-form documents (feedback pages, consolidation: pdfmake, via fonts.ts).
 */
import { createRequire } from 'node:module'
import { fontBytes } from './fonts'
import { headerLayout, type SignatureField } from '@taizhang/schema'
import { A4, PAGE_MARGINS, printable } from './pdfParts'

const require = createRequire(import.meta.url)

/** The part of pdfkit's API used here (pdfkit ships no types). */
interface PdfKitDoc {
  registerFont(name: string, src: Buffer): PdfKitDoc
  font(name: string): PdfKitDoc
  fontSize(size: number): PdfKitDoc
  text(text: string, x: number, y: number, options?: object): PdfKitDoc
  rect(x: number, y: number, w: number, h: number): PdfKitDoc
  moveTo(x: number, y: number): PdfKitDoc
  lineTo(x: number, y: number): PdfKitDoc
  lineWidth(w: number): PdfKitDoc
  strokeColor(color: string): PdfKitDoc
  fillColor(color: string): PdfKitDoc
  fill(color?: string): PdfKitDoc
  stroke(): PdfKitDoc
  addPage(options?: object): PdfKitDoc
  bufferedPageRange(): { start: number; count: number }
  switchToPage(index: number): PdfKitDoc
  end(): void
  on(event: 'data', listener: (chunk: Buffer) => void): PdfKitDoc
  on(event: 'end' | 'error', listener: (e?: unknown) => void): PdfKitDoc
}
type PdfKitCtor = new (options: object) => PdfKitDoc
const PDFDocument = require('pdfkit') as PdfKitCtor

export interface GridColumn {
  label: string
  group?: string | undefined
  /** Width in points. */
  width: number
  align: 'left' | 'center' | 'right'
}

export interface GridPdfInput {
  title: string
  /** The line under the title (the sheet version). */
  subtitle: string
  columns: readonly GridColumn[]
  /** Cell texts, one array per row, in column order. */
  rows: Iterable<readonly string[]>
  fontSize: number
  landscape: boolean
  footerLeft: string
  footerRight: string
  signature: readonly SignatureField[]
  info?: { Title?: string; Subject?: string }
}

const REGULAR = 'NotoSansSC'
const BOLD = 'NotoSansSC-Bold'
const PAD = 2
/** Closing punctuation never starts a line (禁则): it stays on the line before. */
const NO_LINE_START = /[，。、；：！？）》」』”’%,.;:!?)\]]/

/** pdfkit's loaded font object (measures and encodes without touching the document's state). */
interface PdfKitFont {
  id: string
  ascender: number
  widthOfString(text: string, size: number): number
  /** Glyph ids as 4-digit hex, registering the glyphs in the embedded subset. */
  encode(text: string): [string[], unknown]
  ref(): unknown
}

/** What of pdfkit's internals the body writer uses: the current font, page and stream. */
interface PdfKitInternals {
  _font: PdfKitFont
  page: { fonts: Record<string, unknown> }
  addContent(data: string): void
}

/** Text measuring with a per-character width cache (widths scale with the font size). */
class Measure {
  private readonly widths = new Map<string, number>()
  private readonly hex = new Map<string, string>()
  readonly font: PdfKitFont
  constructor(doc: PdfKitDoc, fontName: string) {
    doc.font(fontName)
    this.font = (doc as unknown as PdfKitInternals)._font
  }

  /** The glyphs of a line as a PDF hex string, cached (ledgers repeat 是/否, options …). */
  encoded(text: string): string {
    let h = this.hex.get(text)
    if (h === undefined) {
      h = this.font.encode(text)[0].join('')
      this.hex.set(text, h)
    }
    return h
  }

  /** Width of one character at size 1. */
  private char(ch: string): number {
    let w = this.widths.get(ch)
    if (w === undefined) {
      w = this.font.widthOfString(ch, 1)
      this.widths.set(ch, w)
    }
    return w
  }

  width(text: string, size: number): number {
    let w = 0
    for (const ch of text) w += this.char(ch)
    return w * size
  }

  /** Lines of `text` within `max` points at `size`, at most `maxLines` (the last ends in …). */
  wrap(text: string, max: number, size: number, maxLines = Infinity): string[] {
    const lines: string[] = []
    const limit = max / size
    for (const paragraph of printable(text).split('\n')) {
      let line = ''
      let w = 0
      for (const ch of paragraph) {
        const cw = this.char(ch)
        if (w + cw > limit && line !== '' && !NO_LINE_START.test(ch)) {
          lines.push(line)
          line = ''
          w = 0
        }
        line += ch
        w += cw
      }
      lines.push(line)
    }
    if (lines.length > maxLines) {
      const kept = lines.slice(0, maxLines)
      kept[kept.length - 1] = `${kept[kept.length - 1]!.slice(0, -1)}…`
      return kept
    }
    return lines
  }
}

/** Render a grid sheet to PDF bytes. */
export async function renderGridPdf(input: GridPdfInput): Promise<Buffer> {
  const { columns, fontSize } = input
  const page = input.landscape
    ? { width: A4.height, height: A4.width }
    : { width: A4.width, height: A4.height }
  const [left, top, , bottomMargin] = PAGE_MARGINS
  const bottom = page.height - bottomMargin
  const lineHeight = fontSize * 1.3

  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    compress: true,
    info: input.info ?? {},
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk) => chunks.push(chunk))
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve())
    doc.on('error', reject)
  })
  doc.registerFont(REGULAR, fontBytes('normal'))
  doc.registerFont(BOLD, fontBytes('bold'))
  const regular = new Measure(doc, REGULAR)
  const bold = new Measure(doc, BOLD)

  // Zero margins: pdfkit never breaks pages on its own; this module decides.
  const newPage = () =>
    doc.addPage({
      size: 'A4',
      layout: input.landscape ? 'landscape' : 'portrait',
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
    })

  const xs: number[] = [left]
  for (const c of columns) xs.push(xs[xs.length - 1]! + c.width)
  const tableRight = xs[xs.length - 1]!

  // Header: the same merged two-row layout as the xlsx.
  const headerCells = headerLayout(columns).map((cell) => {
    const width = xs[cell.col + cell.colSpan]! - xs[cell.col]!
    return {
      ...cell,
      x: xs[cell.col]!,
      width,
      lines: bold.wrap(cell.text, width - 2 * PAD, fontSize),
    }
  })
  const need = (lines: number) => lines * lineHeight + 2 * PAD
  let row0 = need(1)
  let row1 = need(1)
  for (const c of headerCells) {
    if (c.rowSpan === 1 && c.row === 0) row0 = Math.max(row0, need(c.lines.length))
    if (c.row === 1) row1 = Math.max(row1, need(c.lines.length))
  }
  for (const c of headerCells)
    if (c.rowSpan === 2) row1 = Math.max(row1, need(c.lines.length) - row0)

  const drawHeader = (y: number): number => {
    doc.lineWidth(0.5).strokeColor('#444444')
    for (const c of headerCells) {
      const cy = c.row === 0 ? y : y + row0
      const h = c.rowSpan === 2 ? row0 + row1 : c.row === 0 ? row0 : row1
      doc.rect(c.x, cy, c.width, h).fill('#eeeeee')
      doc.rect(c.x, cy, c.width, h).stroke()
      doc.fillColor('#000000').font(BOLD).fontSize(fontSize)
      let ty = cy + (h - c.lines.length * lineHeight) / 2
      for (const line of c.lines) {
        const tx = c.x + (c.width - bold.width(line, fontSize)) / 2
        doc.text(line, tx, ty, { lineBreak: false })
        ty += lineHeight
      }
    }
    return y + row0 + row1
  }

  newPage()
  let y = top
  doc.font(BOLD).fontSize(15)
  doc.text(input.title, (page.width - bold.width(input.title, 15)) / 2, y, { lineBreak: false })
  y += 15 * 1.5
  doc.font(REGULAR).fontSize(8)
  doc.text(input.subtitle, tableRight - regular.width(input.subtitle, 8), y, { lineBreak: false })
  y += 8 * 1.6
  y = drawHeader(y)

  const maxLines = Math.max(1, Math.floor((bottom - top - row0 - row1 - 2 * PAD) / lineHeight))
  // The body is written as raw content-stream operators, one text object and one path
  // per row: pdfkit's doc.text() costs ten stream writes and a layout per call. The page
  // is flipped (pdfkit draws top-down), so text runs in an unflipped q … Q block.
  const raw = doc as unknown as PdfKitInternals
  const bodyFont = regular.font
  const ascent = (bodyFont.ascender / 1000) * fontSize
  const f = (n: number) => n.toFixed(2)
  const startBodyPage = () => {
    raw.page.fonts[bodyFont.id] ??= bodyFont.ref()
    doc.lineWidth(0.5).strokeColor('#444444').fillColor('#000000')
  }
  startBodyPage()
  const layoutRow = (cells: readonly string[], most: number) => {
    let lines = 1
    const wrapped = cells.map((text, i) => {
      if (text === '') return []
      const l = regular.wrap(text, columns[i]!.width - 2 * PAD, fontSize, most)
      lines = Math.max(lines, l.length)
      return l
    })
    return { wrapped, h: need(lines) }
  }
  let rowsOnPage = 0
  for (const cells of input.rows) {
    let { wrapped, h } = layoutRow(cells, maxLines)
    if (y + h > bottom) {
      if (rowsOnPage > 0) {
        newPage()
        y = drawHeader(top)
        startBodyPage()
        rowsOnPage = 0
      }
      // Still too tall (the first page, under the title): cut it to the space left.
      if (y + h > bottom) {
        const room = Math.max(1, Math.floor((bottom - y - 2 * PAD) / lineHeight))
        ;({ wrapped, h } = layoutRow(cells, room))
      }
    }
    rowsOnPage++
    let text = `q 1 0 0 -1 0 ${f(page.height)} cm BT /${bodyFont.id} ${fontSize} Tf`
    for (let i = 0; i < wrapped.length; i++) {
      const column = columns[i]!
      let ty = y + PAD
      for (const line of wrapped[i]!) {
        let tx = xs[i]! + PAD
        if (column.align !== 'left') {
          const free = column.width - 2 * PAD - regular.width(line, fontSize)
          tx += column.align === 'right' ? free : free / 2
        }
        text += ` 1 0 0 1 ${f(tx)} ${f(page.height - ty - ascent)} Tm <${regular.encoded(line)}> Tj`
        ty += lineHeight
      }
    }
    raw.addContent(`${text} ET Q`)
    // The verticals and the bottom line (the top is the row above's bottom).
    let path = ''
    for (const x of xs) path += `${f(x)} ${f(y)} m ${f(x)} ${f(y + h)} l `
    raw.addContent(`${path}${f(left)} ${f(y + h)} m ${f(tableRight)} ${f(y + h)} l S`)
    y += h
  }

  // Signature block: 填报人 / 审核人 / 日期, a value underlined or a blank line to sign on.
  if (y + 40 > bottom) {
    newPage()
    y = top
  } else y += 20
  const slot = (tableRight - left) / Math.max(1, input.signature.length)
  doc.font(REGULAR).fontSize(10).fillColor('#000000')
  input.signature.forEach(({ label, value }, i) => {
    const x = left + i * slot
    const labelText = `${label}：`
    doc.text(labelText, x, y, { lineBreak: false })
    const vx = x + regular.width(labelText, 10)
    const lineEnd = vx + Math.max(regular.width(value, 10), 90)
    if (value) doc.text(value, vx, y, { lineBreak: false })
    doc
      .moveTo(vx, y + 13)
      .lineTo(lineEnd, y + 13)
      .lineWidth(0.5)
      .stroke()
  })

  // Footers, now that the page count is known.
  const { start, count } = doc.bufferedPageRange()
  for (let i = 0; i < count; i++) {
    doc.switchToPage(start + i)
    const fy = page.height - bottomMargin + 12
    const centre = `第 ${i + 1} 页 共 ${count} 页`
    doc.font(REGULAR).fontSize(8).fillColor('#000000')
    doc.text(input.footerLeft, left, fy, { lineBreak: false })
    doc.text(centre, (page.width - regular.width(centre, 8)) / 2, fy, { lineBreak: false })
    doc.text(input.footerRight, tableRight - regular.width(input.footerRight, 8), fy, {
      lineBreak: false,
    })
  }
  doc.end()
  await ended
  return Buffer.concat(chunks)
}
