/**
 * @module export/pdfText
 * Test helper: the text and page count of a PDF through Debian's poppler-utils
 * (`pdftotext`, `pdfinfo`, `pdffonts`), so export tests check what a reader sees.
 * Not for: production code (the server never parses PDFs).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

function save(pdf: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'taizhang-pdf-')), 'export.pdf')
  writeFileSync(file, pdf)
  return file
}

/** Text of one page (1-based) or of all pages, whitespace removed so CJK lines compare. */
export function pdfText(pdf: Buffer, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : []
  const text = execFileSync('pdftotext', ['-layout', ...range, save(pdf), '-']).toString('utf8')
  return text.replace(/\s+/g, '')
}

export function pdfPages(pdf: Buffer): number {
  const info = execFileSync('pdfinfo', [save(pdf)]).toString('utf8')
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? NaN)
}

/** `pdffonts` output: one line per font, with emb/sub flags. */
export function pdfFonts(pdf: Buffer): string {
  return execFileSync('pdffonts', [save(pdf)]).toString('utf8')
}
