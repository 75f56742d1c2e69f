/**
 * @module http/download
 * How the API hands out a file (exports): the bytes with their content type and a
 * `Content-Disposition: attachment` carrying the Chinese file name as RFC 5987/6266
 * `filename*=UTF-8''…`, plus a plain ASCII `filename=` for old clients. Names are
 * cleaned of characters Windows and WPS refuse (\ / : * ? " < > |) and of unpaired UTF-16
 * surrogates (a title may carry one; `encodeURIComponent` throws on it), and cut between
 * characters as people see them (grapheme clusters): never inside an emoji, whose two UTF-16
 * halves cut apart made every export of such a title answer 500.
 * Not for: producing the bytes (server/src/export/).
 */
import type { Context } from 'hono'

export const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
} as const

export type DownloadFormat = keyof typeof CONTENT_TYPES

const RESERVED = new Set(['\\', '/', ':', '*', '?', '"', '<', '>', '|'])

/** At most this many characters before the extension… */
const MAX_NAME_CHARS = 120
/** …and this many UTF-8 bytes: file systems allow 255 bytes, and 120 Chinese characters are 360. */
const MAX_NAME_BYTES = 200

const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' })

/** Whether a code point is half of a surrogate pair standing alone (not a character). */
const isLoneSurrogate = (ch: string) => {
  const code = ch.codePointAt(0)!
  return code >= 0xd800 && code <= 0xdfff
}

/** The leading whole characters of `text` within both limits. */
function cutName(text: string): string {
  let out = ''
  let chars = 0
  let bytes = 0
  for (const { segment } of graphemes.segment(text)) {
    const size = Buffer.byteLength(segment, 'utf8')
    if (chars + 1 > MAX_NAME_CHARS || bytes + size > MAX_NAME_BYTES) break
    out += segment
    chars++
    bytes += size
  }
  return out
}

/** A file name safe on every desktop: no path or reserved characters, length bounded. */
export function safeFileName(base: string, ext: string): string {
  // code points, so a well-formed emoji stays whole and only an unpaired half is replaced
  const cleaned = [...base]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || RESERVED.has(ch) || isLoneSurrogate(ch) ? '_' : ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
  return `${cutName(cleaned).trim() || 'export'}.${ext}`
}

/** RFC 5987 value: UTF-8, percent-encoded except the attr-chars. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase(),
  )
}

/** `attachment; filename="ascii.xlsx"; filename*=UTF-8''%E5%8F%B0….xlsx` */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(fileName)}`
}

/** The response for a file download. */
export function download(
  c: Context,
  bytes: Uint8Array,
  format: DownloadFormat,
  fileName: string,
): Response {
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': CONTENT_TYPES[format],
    'Content-Disposition': contentDisposition(fileName),
    'Content-Length': String(bytes.byteLength),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  })
}
