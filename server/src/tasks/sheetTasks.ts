/**
 * @module tasks/sheetTasks
 * What the sheet-based task sources share: the units where a user holds one of some roles
 * (granted there or above, SPEC §1), and the sheets of those units.
 */
import type { Role, UnitTree } from '@taizhang/schema'
import type { Unit } from '../storage/UnitStore'
import type { User } from '../storage/UserStore'

/**
 * Ids of the units where `user` holds one of `roles`: every unit at or below such a grant
 * (`strictlyBelow`: only the units under it, as for a consolidator's review).
 */
export function unitsWithRole(
  tree: UnitTree<Unit>,
  user: User,
  roles: readonly Role[],
  { strictlyBelow = false } = {},
): Set<string> {
  const ids = new Set<string>()
  for (const g of user.grants) {
    if (!roles.includes(g.role)) continue
    for (const u of tree.subtree(g.unitId)) {
      if (strictlyBelow && u.id === g.unitId) continue
      ids.add(u.id)
    }
  }
  return ids
}
