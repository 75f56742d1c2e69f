/**
 * @module rectification/listItems
 * The items of a unit and below (SPEC §9) that a user may read: those whose responsible unit
 * or scoring sheet's unit lies in the unit's subtree, optionally of one state or only overdue.
 * Shared by the list route and the 整改台账 export.
 */
import {
  canReadRectification,
  type RectificationItem,
  type RectificationStatus,
  type UnitTree,
} from '@taizhang/schema'
import type { MetaStore } from '../storage/MetaStore'
import type { Unit } from '../storage/UnitStore'
import type { User } from '../storage/UserStore'
import { itemViews } from './itemView'

export interface ItemFilter {
  /** The unit whose subtree the items lie in; all the user may read without it. */
  unitId?: string | undefined
  status?: RectificationStatus | undefined
  overdue?: boolean
}

export async function listItems(
  store: MetaStore,
  tree: UnitTree<Unit>,
  user: User,
  { unitId, status, overdue = false }: ItemFilter,
  now: Date = new Date(),
): Promise<RectificationItem[]> {
  const records = (
    await store.rectifications.list({
      unitIds: unitId ? tree.subtree(unitId).map((u) => u.id) : undefined,
      status,
    })
  ).filter((r) => canReadRectification(tree, user, r))
  const items = await itemViews(store, tree, records, now)
  return overdue ? items.filter((i) => i.overdue) : items
}
