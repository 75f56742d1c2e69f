/**
 * @module importer/importApi
 * `POST /api/sheets/:id/import` (SPEC §5, §6.3) as the import dialog uses it: a preview
 * (`preview=1`: detected column mapping, unknown headers, missing required columns,
 * the first rows with what would happen to each) and the import itself, both with the
 * headers mapped by hand (`mapping` JSON `{"表头": "columnId" | null}`). Multipart, so
 * not through `api()`'s JSON body; errors become the same `ApiError`.
 * Not for: reading files (the server does, with the same code as the CLI).
 */
import type { CellValue } from '@taizhang/schema'
import { ApiError } from '../api/client'
import { getToken } from '../api/session'

export type HandMapping = Record<string, string | null>

export interface MappedHeader {
  header: string
  group?: string
  /** The column id the header was matched to, or null (ignored / unknown). */
  column: string | null
  label: string | null
}

export interface PreviewRow {
  row: number
  values: Record<string, CellValue>
  outcome?: 'new' | 'update' | 'rejected'
  reasons?: string[]
}

export interface ImportPreview {
  preview: true
  file: string
  format: string
  mapping: MappedHeader[]
  unknown: string[]
  missingRequired: { column: string; label: string }[]
  rowCount: number
  wouldImport: number
  wouldUpdate: number
  wouldReject: number
  rows: PreviewRow[]
  skipped: { row: number; reason: string }[]
}

export interface ImportResult {
  imported: number
  updated: number
  rejected: { row: number; reasons: string[] }[]
  unknown?: string[]
  skipped?: { row: number; reason: string }[]
}

async function post<T>(sheetId: string, file: File, mapping: HandMapping, preview: boolean) {
  const form = new FormData()
  form.append('file', file, file.name)
  if (Object.keys(mapping).length) form.append('mapping', JSON.stringify(mapping))
  if (preview) form.append('preview', '1')
  const headers: Record<string, string> = { Accept: 'application/json' }
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(`/api/sheets/${encodeURIComponent(sheetId)}/import`, {
      method: 'POST',
      body: form,
      headers,
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError('网络不可用，导入需要联网', 0)
  }
  const body = (await response.json().catch(() => null)) as
    (T & { error?: { message?: string; code?: string } }) | null
  if (!response.ok) {
    const message = body?.error?.message ?? `导入失败（${response.status}）`
    throw new ApiError(message, response.status, body?.error?.code, body)
  }
  return body as T
}

export const previewImport = (sheetId: string, file: File, mapping: HandMapping) =>
  post<ImportPreview>(sheetId, file, mapping, true)

export const runImport = (sheetId: string, file: File, mapping: HandMapping) =>
  post<ImportResult>(sheetId, file, mapping, false)
