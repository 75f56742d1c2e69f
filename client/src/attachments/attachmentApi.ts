/**
 * @module attachments/attachmentApi
 * The attachment routes (SPEC §10) with the session's bearer token: `uploadAttachment` sends
 * kept bytes as multipart `file` with the `id` computed in the browser, which the server checks
 * against the sha256 of what arrived; `fetchAttachment` reads one back as a Blob, which the page
 * shows through an object URL that lives no longer than the page (a photo is personal data:
 * never a link that outlives the session).
 */
import { ApiError } from '../api/client'
import { getToken } from '../api/session'

export interface AttachmentInfo {
  id: string
  name: string
  type: string
  size: number
}

const authHeaders = (): Record<string, string> => {
  const token = getToken()
  return token ? { Authorization: `Bearer ${token}` } : {}
}

async function failure(response: Response, fallback: string): Promise<ApiError> {
  let message = fallback
  let code: string | undefined
  try {
    const body = (await response.json()) as { error?: { message?: string; code?: string } }
    if (body.error?.message) message = body.error.message
    code = body.error?.code
  } catch {
    // not JSON: keep the fallback
  }
  return new ApiError(message, response.status, code)
}

/** POST /api/attachments; an ApiError with status 0 when the server cannot be reached. */
export async function uploadAttachment(
  id: string,
  bytes: ArrayBuffer,
  name: string,
  type: string,
): Promise<AttachmentInfo> {
  const form = new FormData()
  form.append('id', id)
  form.append('file', new Blob([bytes], { type }), name)
  let response: Response
  try {
    response = await fetch('/api/attachments', {
      method: 'POST',
      headers: authHeaders(),
      body: form,
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError('网络不可用，照片稍后上传', 0)
  }
  if (!response.ok) throw await failure(response, `照片上传失败（${response.status}）`)
  return (await response.json()) as AttachmentInfo
}

/** GET /api/attachments/:id as a Blob. */
export async function fetchAttachment(id: string, signal?: AbortSignal): Promise<Blob> {
  let response: Response
  try {
    response = await fetch(`/api/attachments/${encodeURIComponent(id)}`, {
      headers: authHeaders(),
      credentials: 'same-origin',
      signal,
    })
  } catch (cause) {
    if ((cause as Error)?.name === 'AbortError') throw cause
    throw new ApiError('网络不可用，无法显示照片', 0)
  }
  if (!response.ok) throw await failure(response, `无法读取照片（${response.status}）`)
  return response.blob()
}
