/**
 * @module export/fonts
 * The Chinese font every PDF embeds and the pdfmake instance configured with it.
 * Noto Sans SC (SIL Open Font License) comes from the npm package
 * `@expo-google-fonts/noto-sans-sc`, so no system font is needed; pdfmake embeds only
 * the glyphs a document uses (a subset), which keeps a one-page PDF small.
 * The font bytes are loaded once into pdfmake's virtual file system, and pdfmake may
 * neither read local files nor fetch URLs: a document definition built from cell text
 * can never make the server read or download anything.
 * Not for: laying out documents (sheetPdf.ts, consolidationPdf.ts).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** The font family name document definitions use. */
export const PDF_FONT = 'NotoSansSC'

/** A pdfmake document definition; kept loose because pdfmake 0.3 ships no types. */
export type DocDefinition = Record<string, unknown>
/** A piece of pdfmake content (text, table, columns, stack …). */
export type Content = string | { [key: string]: unknown } | Content[]

interface PdfMake {
  virtualfs: { writeFileSync(name: string, content: Buffer): void }
  addFonts(fonts: Record<string, Record<string, string>>): void
  setUrlAccessPolicy(allow: (url: string) => boolean): void
  setLocalAccessPolicy(allow: (path: string) => boolean): void
  createPdf(doc: DocDefinition): { getBuffer(): Promise<Buffer> }
}

const FONT_FILES = {
  normal: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const

let instance: PdfMake | null = null
const bytes = new Map<keyof typeof FONT_FILES, Buffer>()

/** The TTF bytes of a weight, read once per process (pdfkit and pdfmake share them). */
export function fontBytes(weight: keyof typeof FONT_FILES): Buffer {
  let b = bytes.get(weight)
  if (!b) {
    b = readFileSync(require.resolve(FONT_FILES[weight]))
    bytes.set(weight, b)
  }
  return b
}

/** pdfmake with Noto Sans SC registered (regular and bold; CJK has no italic). */
function pdfmake(): PdfMake {
  if (instance) return instance
  const pm = require('pdfmake') as PdfMake
  pm.setUrlAccessPolicy(() => false)
  pm.setLocalAccessPolicy(() => false)
  for (const weight of ['normal', 'bold'] as const) {
    pm.virtualfs.writeFileSync(`${PDF_FONT}-${weight}.ttf`, fontBytes(weight))
  }
  pm.addFonts({
    [PDF_FONT]: {
      normal: `${PDF_FONT}-normal.ttf`,
      bold: `${PDF_FONT}-bold.ttf`,
      italics: `${PDF_FONT}-normal.ttf`,
      bolditalics: `${PDF_FONT}-bold.ttf`,
    },
  })
  instance = pm
  return pm
}

/** Render a document definition (font defaulted to Noto Sans SC) to PDF bytes. */
export async function renderPdf(doc: DocDefinition): Promise<Buffer> {
  const defaultStyle = { font: PDF_FONT, ...(doc.defaultStyle as object | undefined) }
  return pdfmake()
    .createPdf({ ...doc, defaultStyle })
    .getBuffer()
}
