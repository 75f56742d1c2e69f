/**
 * @module rectify/rectifyApi
 * The web app's calls for the 整改台账 (SPEC §9): one typed function per route. No caching
 * here: the page keeps the unit's items offline through `useCachedQuery`, and what is done
 * offline goes through the outbox (`outbox/flushOutbox.ts`), which calls these.
 */
import type { RectificationAction, RectificationItem, RectificationList } from '@taizhang/schema'
import { api } from '../api/client'

const itemPath = (id: string) => `/api/rectifications/${encodeURIComponent(id)}`

/** Items of the unit and every unit below it. */
export async function fetchRectifications(unitId: string): Promise<RectificationItem[]> {
  return (await api<RectificationList>(`/api/rectifications?unit=${encodeURIComponent(unitId)}`))
    .items
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
