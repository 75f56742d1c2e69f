/**
 * @module http/download
 * How the API hands out a file (exports): the bytes with their content type and a
 * `Content-Disposition: attachment` carrying the Chinese file name as RFC 5987/6266
 * `filename*=UTF-8''…`, plus a plain ASCII `filename=` for old clients. Names are
 * cleaned of characters Windows and WPS refuse (\ / : * ? " < > |).
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

/** A file name safe on every desktop: no path or reserved characters, at most 120 chars. */
export function safeFileName(base: string, ext: string): string {
  const cleaned = [...base]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || RESERVED.has(ch) ? '_' : ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120)
  return `${cleaned || 'export'}.${ext}`
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
