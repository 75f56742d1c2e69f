/**
 * @module export/download
 * Getting a file to the person: `downloadFromServer` fetches an export route with the
 * bearer token (a plain link cannot send it) and saves the answer under the server's
 * file name; `saveBlob` saves bytes built in the browser (the offline export).
 * Not for: building files (offlineXlsx.ts, offlineCsv.ts).
 */
import { ApiError } from '../api/client'
import { getToken } from '../api/session'

/** Saves `blob` as `fileName` through a temporary link. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** The file name of a Content-Disposition header (RFC 5987 `filename*` first). */
export function dispositionFileName(header: string | null): string | null {
  if (!header) return null
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim())
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header)
  return plain ? plain[1]!.trim() : null
}

/** Downloads `path` from the API and saves it; throws an ApiError (status 0 offline). */
export async function downloadFromServer(path: string, fallbackName: string): Promise<void> {
  const headers: Record<string, string> = {}
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(path, { headers, credentials: 'same-origin' })
  } catch {
    throw new ApiError('网络不可用，无法从服务器导出', 0)
  }
  if (!response.ok) {
    let message = `导出失败（${response.status}）`
    try {
      const body = (await response.json()) as { error?: { message?: string } }
      if (body.error?.message) message = body.error.message
    } catch {
      // not JSON: keep the generic message
    }
    throw new ApiError(message, response.status)
  }
  const name = dispositionFileName(response.headers.get('Content-Disposition')) ?? fallbackName
  saveBlob(await response.blob(), name)
}
