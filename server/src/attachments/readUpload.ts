/**
 * @module attachments/readUpload
 * Reads a `POST /api/attachments` body (multipart/form-data, SPEC §10) with the size limit
 * enforced while it streams in: a declared length past the limit is refused before a byte is
 * read, and a chunked body as soon as it passes the limit, so an upload never holds more than
 * the limit (plus the envelope) in memory. The parts are then split in place (no copy of the
 * file): the `file` part's bytes and name, and the optional `id` field (the sha256 the browser
 * computed offline).
 * Not for: judging the type or storing (routes/attachments.ts).
 */
import type { Context } from 'hono'
import { ApiError, badRequest } from '../http/errors'

export interface Upload {
  bytes: Buffer
  /** The file name the browser sent (cleaned, bounded), or '' when none. */
  name: string
  /** The `id` form field, when given. */
  claimedId: string | null
}

/** What the multipart envelope and the `id` field may add to the file. */
const ENVELOPE_BYTES = 64 * 1024
/** Longest file name kept, in characters. */
const MAX_NAME_CHARS = 200

export const tooLargeUpload = (limit: number) =>
  new ApiError(413, 'too-large', `文件超过 ${Math.round(limit / 1024 / 1024)} MiB，请压缩后再上传`)

const badForm = () => badRequest('请求应为 multipart/form-data，文件放在 file 字段', 'bad-form')

/** The body, read as a stream and given up once it passes `limit` bytes. */
async function readLimited(c: Context, limit: number, fileLimit: number): Promise<Buffer> {
  const declared = Number(c.req.header('content-length') ?? 0)
  if (declared > limit) throw tooLargeUpload(fileLimit)
  const body = c.req.raw.body
  if (!body) throw badForm()
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let bytes = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      bytes += value.byteLength
      if (bytes > limit) {
        // not cancelled, so the 413 still reaches the browser (see http/body.ts)
        reader.releaseLock()
        throw tooLargeUpload(fileLimit)
      }
      chunks.push(value)
    }
  } catch (error) {
    if (error instanceof ApiError) throw error
    throw badRequest('请求体无法读取', 'bad-body')
  }
  return Buffer.concat(chunks, bytes)
}

function boundaryOf(contentType: string | undefined): string {
  const m = /^multipart\/form-data\s*;.*?boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(
    contentType ?? '',
  )
  const boundary = m?.[1] ?? m?.[2]
  if (!boundary) throw badForm()
  return boundary
}

interface Part {
  name: string | null
  filename: string | null
  data: Buffer
}

function dispositionParam(header: string, key: string): string | null {
  const ext = new RegExp(`;\\s*${key}\\*=UTF-8''([^;]*)`, 'i').exec(header)
  if (ext) {
    try {
      return decodeURIComponent(ext[1]!.trim())
    } catch {
      // fall back to the plain parameter
    }
  }
  const quoted = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header)
  if (quoted) return quoted[1]!.replace(/\\(.)/g, '$1')
  const bare = new RegExp(`;\\s*${key}=([^;\\s]+)`, 'i').exec(header)
  return bare ? bare[1]! : null
}

/** The parts of a multipart body, as views into it. */
function splitParts(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`)
  const next = Buffer.from(`\r\n--${boundary}`)
  const parts: Part[] = []
  let pos = body.indexOf(delimiter)
  if (pos < 0) throw badForm()
  pos += delimiter.length
  for (let guard = 0; guard < 100; guard++) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts // closing "--"
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2
    const headEnd = body.indexOf('\r\n\r\n', pos)
    if (headEnd < 0 || headEnd - pos > 8 * 1024) throw badForm()
    const headers = body.subarray(pos, headEnd).toString('utf8')
    const start = headEnd + 4
    const end = body.indexOf(next, start)
    if (end < 0) throw badForm()
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? ''
    parts.push({
      name: dispositionParam(disposition, 'name'),
      filename: dispositionParam(disposition, 'filename'),
      data: body.subarray(start, end),
    })
    pos = end + next.length
  }
  throw badForm()
}

/** A file name fit to store and to show: no path, no control characters, bounded. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const printable = [...base].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '\u007f')
  return [...printable.join('').trim()].slice(0, MAX_NAME_CHARS).join('')
}

/** Read and split an upload of at most `fileLimit` bytes; 413 past it, 400 for a bad form. */
export async function readUpload(c: Context, fileLimit: number): Promise<Upload> {
  const boundary = boundaryOf(c.req.header('content-type'))
  const body = await readLimited(c, fileLimit + ENVELOPE_BYTES, fileLimit)
  const parts = splitParts(body, boundary)
  const file = parts.find((p) => p.name === 'file' && p.filename !== null)
  if (!file) throw badRequest('请选择要上传的文件（file 字段）', 'no-file')
  if (file.data.byteLength > fileLimit) throw tooLargeUpload(fileLimit)
  if (file.data.byteLength === 0) throw badRequest('文件是空的', 'empty-file')
  const idField = parts.find((p) => p.name === 'id' && p.filename === null)
  const claimed = idField?.data.toString('utf8').trim() || c.req.header('x-attachment-id')?.trim()
  return {
    bytes: file.data,
    name: cleanFileName(file.filename ?? ''),
    claimedId: claimed ? claimed.toLowerCase() : null,
  }
}
