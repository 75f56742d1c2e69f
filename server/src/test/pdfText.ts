/**
 * @module test/pdfText
 * Test helper: the text, page count and fonts of a PDF through Debian's poppler-utils
 * (`pdftotext`, `pdfinfo`, `pdffonts`), so export tests check what a reader sees.
 * Not for: production code (the server never parses PDFs).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Runs a poppler tool that wants a file name on a temporary copy of the PDF. */
function onFile(tool: string, pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-pdf-'))
  try {
    const file = join(dir, 'export.pdf')
    writeFileSync(file, pdf)
    return execFileSync(tool, [file]).toString('utf8')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Text of one page (1-based) or of all pages, as `pdftotext -layout` lays it out. */
export function pdfLayoutText(pdf: Uint8Array, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : []
  return execFileSync('pdftotext', ['-layout', ...range, '-', '-'], { input: pdf }).toString('utf8')
}

/** Text of one page (1-based) or of all pages, whitespace removed so CJK lines compare. */
export function pdfText(pdf: Uint8Array, page?: number): string {
  return pdfLayoutText(pdf, page).replace(/\s+/g, '')
}

export function pdfPages(pdf: Uint8Array): number {
  return Number(/^Pages:\s+(\d+)/m.exec(onFile('pdfinfo', pdf))?.[1] ?? NaN)
}

/** `pdffonts` output: one line per font, with emb/sub flags. */
export function pdfFonts(pdf: Uint8Array): string {
  return onFile('pdffonts', pdf)
}
