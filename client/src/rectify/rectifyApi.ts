/**
 * @module rectify/rectifyApi
 * The web app's calls for the 整改台账 (SPEC §9): one typed function per route. No caching
 * here: the page keeps the unit's items offline through `useCachedQuery`, and what is done
 * offline goes through the outbox (`outbox/flushOutbox.ts`), which calls these.
 */
import type {
  RectificationAction,
  RectificationItem,
  RectificationList,
  User,
} from '@taizhang/schema'
import { api, ApiError } from '../api/client'

const itemPath = (id: string) => `/api/rectifications/${encodeURIComponent(id)}`

/** Items of the unit and every unit below it. */
export async function fetchRectifications(unitId: string): Promise<RectificationItem[]> {
  return (await api<RectificationList>(`/api/rectifications?unit=${encodeURIComponent(unitId)}`))
    .items
}

/** Every item the caller may read (no unit: the route filters by permission only). */
export async function fetchReadableRectifications(): Promise<RectificationItem[]> {
  return (await api<RectificationList>('/api/rectifications')).items
}

/**
 * The items a unit's 整改台账 shows: those the unit (and below) is responsible for and, for the
 * unit's 组长 (a team lead), those its scoring sheets found wherever they sit (SPEC §9: the team
 * closes, rejects and reopens them). A verifier who holds no role at the unit — a team lead
 * following a 待验收 task to a grid's page — sees the unit's items it may read.
 */
export async function fetchUnitRectifications(
  unitId: string,
  user: User | null,
): Promise<RectificationItem[]> {
  let own: RectificationItem[] | null
  try {
    own = await fetchRectifications(unitId)
  } catch (error) {
    if (!(error instanceof ApiError) || (error.status !== 403 && error.status !== 404)) throw error
    own = null
  }
  const leadHere = (user?.grants ?? []).some((g) => g.unitId === unitId && g.role === 'lead')
  if (own && !leadHere) return own
  const readable = await fetchReadableRectifications()
  const extra = readable.filter((i) =>
    own ? i.sheetUnitId === unitId : i.unitId === unitId || i.sheetUnitId === unitId,
  )
  const seen = new Set((own ?? []).map((i) => i.id))
  return [...(own ?? []), ...extra.filter((i) => !seen.has(i.id))]
}

export async function fetchRectification(id: string): Promise<RectificationItem> {
  const answer = await api<RectificationItem | { item: RectificationItem }>(itemPath(id))
  return 'item' in answer ? answer.item : answer
}

export interface RectificationPatch {
  progress?: string
  evidence?: string[]
  unitId?: string
}

export async function patchRectification(
  id: string,
  body: RectificationPatch,
): Promise<RectificationItem> {
  const answer = await api<RectificationItem | { item: RectificationItem }>(itemPath(id), {
    method: 'PATCH',
    body,
  })
  return 'item' in answer ? answer.item : answer
}

/** A grid the team lead may make responsible for an item (`GET …/:id/units`). */
export interface ResponsibleChoice {
  id: string
  name: string
  /** 区 / 街道 / 社区 / 网格. */
  path: string
}

export async function fetchResponsibleChoices(id: string): Promise<ResponsibleChoice[]> {
  return (await api<{ units: ResponsibleChoice[] }>(`${itemPath(id)}/units`)).units
}

/** POST …/:action; reject and reopen send `{reason}`, the others `{note?}`. */
export async function performRectification(
  id: string,
  action: RectificationAction,
  text?: string,
): Promise<RectificationItem> {
  const body =
    action === 'reject' || action === 'reopen' ? { reason: text ?? '' } : text ? { note: text } : {}
  const answer = await api<RectificationItem | { item: RectificationItem }>(
    `${itemPath(id)}/${action}`,
    { method: 'POST', body },
  )
  return 'item' in answer ? answer.item : answer
}

/** The 整改台账 xlsx of a unit (download with the token, `export/download.ts`). */
export const rectificationsExportPath = (unitId: string) =>
  `/api/units/${encodeURIComponent(unitId)}/rectifications/export?format=xlsx`
