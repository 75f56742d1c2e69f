/**
 * @module templates/templateAccess
 * Who sees and uses which stored template (SPEC §7 "Who"): a template belongs to a unit; an
 * admin of that unit (or above) saves its versions; a caller sees the templates of the units
 * on the path above its grants and in its subtrees; a sheet of unit U may use the templates
 * of U and of the units above it. Built-ins are for everybody.
 * Pure functions over the unit tree, like schema's `access/permissions`.
 */
import { canAdminister, type UnitTree } from '@taizhang/schema'
import type { Unit } from '../storage/UnitStore'
import type { User } from '../storage/UserStore'

/** Units whose templates `user` sees: every unit for a tree admin. */
export function templateUnitIds(tree: UnitTree<Unit>, user: User): string[] {
  if (user.isAdmin) return tree.units.map((u) => u.id)
  const ids = new Set<string>()
  for (const g of user.grants) {
    for (const u of tree.subtree(g.unitId)) ids.add(u.id)
    for (const u of tree.pathUp(g.unitId)) ids.add(u.id)
  }
  return [...ids]
}

export function canSeeTemplate(tree: UnitTree<Unit>, user: User, ownerUnitId: string): boolean {
  if (!tree.has(ownerUnitId)) return false
  if (user.isAdmin) return true
  return user.grants.some(
    (g) =>
      tree.pathUp(g.unitId).some((u) => u.id === ownerUnitId) ||
      tree.pathUp(ownerUnitId).some((u) => u.id === g.unitId),
  )
}

/** A sheet of `sheetUnitId` may be made from a template owned by `ownerUnitId`. */
export function templateReaches(
  tree: UnitTree<Unit>,
  ownerUnitId: string,
  sheetUnitId: string,
): boolean {
  return tree.pathUp(sheetUnitId).some((u) => u.id === ownerUnitId)
}

/** May save templates owned by `unitId`. */
export function canEditTemplates(tree: UnitTree<Unit>, user: User, unitId: string): boolean {
  return canAdminister(tree, user, unitId)
}
