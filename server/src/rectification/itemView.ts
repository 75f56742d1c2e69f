/**
 * @module rectification/itemView
 * A stored rectification item as the API shows it (SPEC §9): `overdue` judged now, the
 * responsible unit's name, and the event log with who acted as people see them.
 */
import {
  isRectificationOverdue,
  MAX_EVENTS,
  type RectificationActor,
  type RectificationItem,
  type UnitTree,
} from '@taizhang/schema'
import type { MetaStore } from '../storage/MetaStore'
import type { RectificationRecord } from '../storage/RectificationStore'
import type { Unit } from '../storage/UnitStore'

/** The items with their events; one query for the events, one per distinct user. */
export async function itemViews(
  store: MetaStore,
  tree: UnitTree<Unit>,
  records: RectificationRecord[],
  now: Date = new Date(),
  { withEvents = true }: { withEvents?: boolean } = {},
): Promise<RectificationItem[]> {
  const events = withEvents
    ? await store.rectifications.events(
        records.map((r) => r.id),
        MAX_EVENTS,
      )
    : []
  const actors = new Map<string, RectificationActor | null>()
  for (const e of events) {
    if (e.userId && !actors.has(e.userId)) {
      const u = await store.users.byId(e.userId)
      actors.set(
        e.userId,
        u ? { id: u.id, username: u.username, displayName: u.displayName } : null,
      )
    }
  }
  const byItem = new Map<string, RectificationItem['events']>()
  for (const e of events) {
    const list = byItem.get(e.itemId) ?? []
    list.push({
      action: e.action,
      by: e.userId ? (actors.get(e.userId) ?? null) : null,
      at: e.at,
      note: e.note,
      from: e.fromStatus,
      to: e.toStatus,
    })
    byItem.set(e.itemId, list)
  }
  return records.map((r) => ({
    ...r,
    unitName: r.unitId ? (tree.get(r.unitId)?.name ?? null) : null,
    overdue: isRectificationOverdue(r, now),
    events: byItem.get(r.id) ?? [],
  }))
}
