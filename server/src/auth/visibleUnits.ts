/**
 * @module auth/visibleUnits
 * Which units a user may see and name (SPEC §6.3): its own subtrees — every unit where some
 * role applies — in full, and for orientation the names of the units on the path above them.
 * Server-side only: the web app receives the result (`GET /api/units`). The role rules
 * themselves are schema's `access/permissions`.
 */
import { canRead, type Unit as VisibleUnit, type UnitTree } from '@taizhang/schema'
import type { Unit } from '../storage/UnitStore'
import type { User } from '../storage/UserStore'

/** A unit's name for a message to `user`: only units it may read are named (no leaks). */
export function unitLabel(tree: UnitTree<Unit>, user: User, unitId: string): string {
  const unit = tree.get(unitId)
  return unit && (user.isAdmin || canRead(tree, user, unitId)) ? `“${unit.name}”` : '该单位'
}

/** The units `user` sees, in the tree's order; `pathOnly` marks those shown only by name. */
export function visibleUnits(
  tree: UnitTree<Unit>,
  user: User,
): Required<Omit<VisibleUnit, 'archived'>>[] {
  const full = new Set<string>()
  if (user.isAdmin) for (const u of tree.units) full.add(u.id)
  for (const g of user.grants) for (const u of tree.subtree(g.unitId)) full.add(u.id)
  const path = new Set<string>()
  for (const g of user.grants) {
    for (const u of tree.pathUp(g.unitId)) if (!full.has(u.id)) path.add(u.id)
  }
  return tree.units
    .filter((u) => full.has(u.id) || path.has(u.id))
    .map((u) => ({
      id: u.id,
      name: u.name,
      parentId: u.parentId,
      level: u.level,
      pathOnly: !full.has(u.id),
    }))
}
