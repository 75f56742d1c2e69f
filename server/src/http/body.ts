/**
 * @module http/body
 * Reads and validates a JSON request body with a zod schema: malformed JSON and a body
 * of the wrong shape are both 400, with a Chinese message naming the first bad field;
 * a body over 1 MiB is 413. An empty body counts as `{}` (e.g. `POST …/submit`).
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
  let text: string
  try {
    text = await c.req.text()
  } catch {
    throw badRequest('请求体无法读取', 'bad-body')
  }
  if (text.length > MAX_JSON_BYTES) throw tooLarge()
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

const tooLarge = () => new ApiError(413, 'too-large', '请求体过大（上限 1 MiB）')
