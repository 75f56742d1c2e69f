/**
 * @module api/endpoints
 * One typed function per HTTP route the web app calls (SPEC §6.3). No caching here:
 * offline fallbacks live in `hooks/` on top of `sync/localStore`.
 */
import type { CellValue, SheetInfo, Unit, User, WorkflowAction } from '@taizhang/schema'
import { api } from './client'
import type { HistoryEntry } from './types'

const sheetPath = (id: string) => `/api/sheets/${encodeURIComponent(id)}`

export const login = (username: string, password: string) =>
  api<{ token: string; user: User; mustChangePassword?: boolean }>('/api/login', {
    method: 'POST',
    body: { username, password },
  })

export const logout = () => api<unknown>('/api/logout', { method: 'POST' })

/** Ends every session of this user, on every device, and closes its sync sockets. */
export const logoutEverywhere = () =>
  api<{ ok: true; sessions: number }>('/api/logout-everywhere', { method: 'POST' })

/** A single-use ticket for one sync socket (`/sync/:id?ticket=…`), valid 30 s. */
export const fetchSyncTicket = async () =>
  (await api<{ ticket: string }>('/api/sync-ticket', { method: 'POST' })).ticket

/** GET /api/me; servers may answer `{user}` or the user itself. */
export async function fetchMe(): Promise<User> {
  const answer = await api<User | { user: User }>('/api/me')
  return 'user' in answer ? answer.user : answer
}

export async function fetchUnits(): Promise<Unit[]> {
  const answer = await api<Unit[] | { units: Unit[] }>('/api/units')
  return Array.isArray(answer) ? answer : answer.units
}

export async function fetchSheets(unitId: string): Promise<SheetInfo[]> {
  const answer = await api<SheetInfo[] | { sheets: SheetInfo[] }>(
    `/api/sheets?unit=${encodeURIComponent(unitId)}`,
  )
  return Array.isArray(answer) ? answer : answer.sheets
}

/** `template` is any template id (SPEC §7); the sheet pins its latest version. */
export const createSheet = (unitId: string, template: string, title: string) =>
  api<{ id: string }>('/api/sheets', { method: 'POST', body: { unitId, template, title } })

export async function fetchSheet(id: string): Promise<SheetInfo> {
  const answer = await api<SheetInfo | { sheet: SheetInfo }>(sheetPath(id))
  return 'sheet' in answer ? answer.sheet : answer
}

export const resolveConflict = (id: string, rowId: string, column: string, value: CellValue) =>
  api<unknown>(`${sheetPath(id)}/conflicts/resolve`, {
    method: 'POST',
    body: { rowId, column, value },
  })

export async function fetchHistory(
  id: string,
  rowId: string,
  column: string,
): Promise<HistoryEntry[]> {
  const query = `row=${encodeURIComponent(rowId)}&column=${encodeURIComponent(column)}`
  return (await api<{ history: HistoryEntry[] }>(`${sheetPath(id)}/history?${query}`)).history
}

export const runWorkflow = (id: string, action: WorkflowAction, reason?: string) =>
  api<{ status?: string }>(`${sheetPath(id)}/${action}`, {
    method: 'POST',
    body: reason === undefined ? {} : { reason },
  })

/** The server's Yjs state vector of a sheet, base64 (see server/src/routes/stateVector.ts). */
export async function fetchStateVector(id: string, signal?: AbortSignal): Promise<string> {
  return (await api<{ sv: string }>(`${sheetPath(id)}/state-vector`, { signal })).sv
}
