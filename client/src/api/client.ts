/**
 * @module api/client
 * The one fetch wrapper of the web app: adds `Authorization: Bearer TOKEN`, sends and
 * reads JSON, and turns every failure into an `ApiError` whose message can be shown to
 * a person as is (Chinese; the server's `{error:{message}}` when it sent one).
 * `status` 0 means the network could not be reached — callers fall back to the cache.
 */
import { getToken } from './session'

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    readonly body?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /** True when the request never reached the server (offline, server down). */
  get offline(): boolean {
    return this.status === 0
  }
}

const STATUS_MESSAGES: Record<number, string> = {
  400: '请求内容有误',
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '未找到对应内容',
  409: '操作与当前状态冲突',
  413: '内容过大',
  422: '内容未通过校验',
  429: '操作过于频繁，请稍后再试',
}

function messageFor(status: number, body: unknown): { message: string; code?: string } {
  const error = (body as { error?: { message?: unknown; code?: unknown } } | null)?.error
  const code = typeof error?.code === 'string' ? error.code : undefined
  if (typeof error?.message === 'string' && error.message) return { message: error.message, code }
  return { message: STATUS_MESSAGES[status] ?? `服务器出错（${status}）`, code }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  body?: unknown
  signal?: AbortSignal
}

/** Listeners told when the server says the token is no longer valid (401). */
const unauthorizedListeners = new Set<() => void>()
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener)
  return () => unauthorizedListeners.delete(listener)
}

/** Calls the API at `path` (starting with `/api/`) and returns its JSON answer. */
export async function api<T>(
  path: string,
  { method = 'GET', body, signal }: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'same-origin',
    })
  } catch (cause) {
    if ((cause as Error)?.name === 'AbortError') throw cause
    throw new ApiError('网络不可用，已切换到离线模式', 0)
  }
  const text = await response.text()
  let json: unknown = null
  if (text) {
    try {
      json = JSON.parse(text)
    } catch {
      json = null
    }
  }
  if (!response.ok) {
    const { message, code } = messageFor(response.status, json)
    if (response.status === 401 && !path.startsWith('/api/login')) {
      for (const listener of unauthorizedListeners) listener()
    }
    throw new ApiError(message, response.status, code, json)
  }
  return json as T
}

/** A message for any thrown value, for showing to a person. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (error instanceof Error && error.message) return `出错了：${error.message}`
  return '出错了，请重试'
}
