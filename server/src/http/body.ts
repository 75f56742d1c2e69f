/**
 * @module http/body
 * Reads and validates a JSON request body with a zod schema: malformed JSON and a body
 * of the wrong shape are both 400, with a Chinese message naming the first bad field;
 * a body over 1 MiB is 413 — by its declared length, or as soon as a chunked one passes it
 * while streaming in. An empty body counts as `{}` (e.g. `POST …/submit`).
 */
import type { Context } from 'hono'
import type { z } from 'zod'
import zhCN from 'zod/v4/locales/zh-CN.js'
import { ApiError, badRequest } from './errors'

/** JSON bodies of this API are small; anything bigger is a mistake or an attack. */
export const MAX_JSON_BYTES = 1024 * 1024

export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const declared = Number(c.req.header('content-length') ?? 0)
  if (declared > MAX_JSON_BYTES) throw tooLarge()
  let raw: unknown
  const text = await readLimitedText(c, MAX_JSON_BYTES)
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text)
  } catch {
    throw badRequest('请求体不是有效的 JSON', 'bad-json')
  }
  const parsed = schema.safeParse(raw, { error: zhCN().localeError })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const field = issue.path.length ? issue.path.join('.') : '请求体'
    throw badRequest(`${field}：${issue.message}`, 'invalid-body')
  }
  return parsed.data
}

/**
 * The body as text, read as a stream and given up as soon as it passes `limit` bytes: a
 * chunked body declares no length, and reading it whole first let an anonymous 40 MiB
 * POST to /api/login cost the server 82 MB (docs/RELIABILITY.md §3). The connection is closed after
 * the 413 unless the rest can be drained quickly (it is never kept).
 */
export async function readLimitedText(c: Context, limit: number): Promise<string> {
  const body = c.req.raw.body
  if (!body) return ''
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let bytes = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      bytes += value.byteLength
      if (bytes > limit) {
        // not cancelled: that would cut the connection before the 413 is sent, and a browser
        // would show a network error. Unread, the rest waits in the socket (backpressure)
        // until @hono/node-server drains it after the answer (≤ 64 MiB or 500 ms, discarded)
        // or closes the connection.
        reader.releaseLock()
        throw tooLarge()
      }
      chunks.push(value)
    }
  } catch (error) {
    if (error instanceof ApiError) throw error
    throw badRequest('请求体无法读取', 'bad-body')
  }
  return Buffer.concat(chunks, bytes).toString('utf8')
}

const tooLarge = () => new ApiError(413, 'too-large', '请求体过大（上限 1 MiB）')
