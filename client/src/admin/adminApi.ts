/**
 * @module admin/adminApi
 * The administration routes (SPEC §11) the `/admin` pages call: users (list, add, edit,
 * disable, reset, roles), units (add, rename, move, archive), the two imports (multipart,
 * with `preview=1`), their empty templates and the audit log. Answers typed as the server
 * sends them (server/src/routes/userAdmin.ts, units.ts, unitImport.ts, userImport.ts).
 */
import type { Grant, Role, UnitLevel } from '@taizhang/schema'
import { api, ApiError } from '../api/client'
import { getToken } from '../api/session'

export interface AdminUser {
  id: string
  username: string
  displayName: string
  disabled: boolean
  isAdmin?: boolean
  grants: Grant[]
  lastLoginAt: string | null
  mustChangePassword: boolean
  /** The caller may change this account (every role of it is in the caller's subtrees). */
  manageable: boolean
}

const userPath = (id: string) => `/api/users/${encodeURIComponent(id)}`
const unitPath = (id: string) => `/api/units/${encodeURIComponent(id)}`

export async function fetchUsers(q = '', unit = ''): Promise<AdminUser[]> {
  const params = new URLSearchParams()
  if (q) params.set('q', q)
  if (unit) params.set('unit', unit)
  const query = params.toString()
  return (await api<{ users: AdminUser[] }>(`/api/users${query ? `?${query}` : ''}`)).users
}

export const createUser = (body: {
  username: string
  password: string
  displayName: string
  grants: Grant[]
}) => api<{ id: string }>('/api/users', { method: 'POST', body })

export const patchUser = (id: string, body: { displayName?: string; disabled?: boolean }) =>
  api<{ user: AdminUser }>(userPath(id), { method: 'PATCH', body })

export const resetPassword = (id: string, password?: string) =>
  api<{ ok: true; password?: string }>(`${userPath(id)}/password`, {
    method: 'POST',
    body: password ? { password } : {},
  })

export const grantRoles = (id: string, grants: Grant[]) =>
  api<{ grants: Grant[] }>(`${userPath(id)}/grants`, { method: 'POST', body: { grants } })

export const revokeRoles = (id: string, grants: Grant[]) =>
  api<{ grants: Grant[] }>(`${userPath(id)}/grants/revoke`, { method: 'POST', body: { grants } })

export const createUnit = (name: string, parentId: string | null, level: UnitLevel) =>
  api<{ id: string }>('/api/units', { method: 'POST', body: { name, parentId, level } })

export const patchUnit = (id: string, body: { name?: string; parentId?: string }) =>
  api<unknown>(unitPath(id), { method: 'PATCH', body })

export const archiveUnit = (id: string) =>
  api<{ archived: number }>(`${unitPath(id)}/archive`, { method: 'POST' })

export const changeMyPassword = (oldPassword: string, newPassword: string) =>
  api<{ ok: true }>('/api/me/password', { method: 'POST', body: { oldPassword, newPassword } })

export interface ImportRow {
  row: number
  outcome: 'create' | 'existing' | 'update' | 'rejected'
  reasons?: string[]
  /** units */
  path?: string[]
  creates?: number
  /** users */
  username?: string
  displayName?: string
  unit?: string
  roles?: Role[]
  password?: 'file' | 'generated'
}

export interface ImportAnswer {
  preview?: boolean
  created: number
  existing?: number
  updated?: number
  rejected: { row: number; reasons: string[] }[]
  passwords?: { username: string; password: string }[]
  rows: ImportRow[]
}

export type ImportKind = 'units' | 'users'

/** POST /api/{units,users}/import with the file (multipart), optionally as a preview. */
export async function importFile(
  kind: ImportKind,
  file: File,
  preview: boolean,
): Promise<ImportAnswer> {
  const form = new FormData()
  form.append('file', file, file.name)
  if (preview) form.append('preview', '1')
  const headers: Record<string, string> = { Accept: 'application/json' }
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(`/api/${kind}/import`, {
      method: 'POST',
      headers,
      body: form,
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError('网络不可用，请联网后再导入', 0)
  }
  const json = (await response.json().catch(() => null)) as
    (ImportAnswer & { error?: { code?: string; message?: string } }) | null
  if (!response.ok) {
    throw new ApiError(
      json?.error?.message ?? `导入失败（${response.status}）`,
      response.status,
      json?.error?.code,
      json,
    )
  }
  return json!
}

/** Downloads the empty import file (xlsx or csv) through the session's token. */
export async function downloadTemplate(kind: ImportKind, format: 'xlsx' | 'csv'): Promise<void> {
  const token = getToken()
  const response = await fetch(`/api/${kind}/import/template?format=${format}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    credentials: 'same-origin',
  })
  if (!response.ok) throw new ApiError('模板下载失败', response.status)
  saveBlob(await response.blob(), `${kind === 'units' ? '单位' : '用户'}导入模板.${format}`)
}

/** Offers `blob` as a file download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

import type { AuditEntryView as AuditEntry, AuditVerdict } from '@taizhang/schema'
export type { AuditEntry, AuditVerdict }

/** What the 审计日志 tab filters by; the server filters (days in Asia/Shanghai). */
export interface AuditFilter {
  user?: string
  action?: string
  from?: string
  to?: string
}

/** One page of matching entries, newest first, older than `before` (0: the newest). */
export function fetchAudit(filter: AuditFilter, before = 0, limit = 200) {
  const query = new URLSearchParams({ order: 'desc', limit: String(limit) })
  if (before) query.set('before', String(before))
  for (const [name, value] of Object.entries(filter)) if (value) query.set(name, value)
  return api<{ entries: AuditEntry[]; verified: AuditVerdict }>(`/api/audit?${query}`)
}
