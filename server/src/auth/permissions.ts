/**
 * @module auth/permissions
 * What each role of SPEC §1 may do, with the rule that a role granted at a unit
 * applies to every unit below it:
 *   read            any role at the unit or above (and every admin of the tree)
 *   write cells     filler, lead, consolidator, admin — not reviewer; nobody while the
 *                   sheet is accepted (locked)
 *   submit          lead at the unit or above (a filler's submit is refused)
 *   return/accept/reopen  consolidator of a unit strictly ABOVE the sheet's unit
 *   resolve conflict lead at the unit or above
 *   create a sheet  admin, or lead/consolidator at the unit or above
 *   units and users admin at the parent unit or above (a district: the tree's admin)
 * Pure functions over a `UnitTree` and a `User`, so they are unit-tested without a
 * database and shared by the HTTP routes and the sync access check.
 */
import type { SheetStatus } from '@taizhang/schema'
import type { Role, User } from '../storage/users'
import type { UnitTree } from './unitTree'

/** Roles that apply to `unitId`: those granted there or at a unit above it. */
export function rolesAt(tree: UnitTree, user: User, unitId: string): Set<Role> {
  const roles = new Set<Role>()
  if (!tree.has(unitId)) return roles
  if (user.isAdmin) roles.add('admin')
  const path = new Set(tree.pathUp(unitId).map((u) => u.id))
  for (const g of user.grants) if (path.has(g.unitId)) roles.add(g.role)
  return roles
}

const hasAny = (roles: Set<Role>, wanted: Role[]) => wanted.some((r) => roles.has(r))

export function canRead(tree: UnitTree, user: User, unitId: string): boolean {
  return rolesAt(tree, user, unitId).size > 0
}

/** A unit's name for a message to `user`: only units it may read are named (no leaks). */
export function unitLabel(tree: UnitTree, user: User, unitId: string): string {
  const unit = tree.get(unitId)
  return unit && (user.isAdmin || canRead(tree, user, unitId)) ? `“${unit.name}”` : '该单位'
}

export function canWrite(tree: UnitTree, user: User, unitId: string): boolean {
  return hasAny(rolesAt(tree, user, unitId), ['filler', 'lead', 'consolidator', 'admin'])
}

export function canSubmit(tree: UnitTree, user: User, unitId: string): boolean {
  return rolesAt(tree, user, unitId).has('lead')
}

export function canResolveConflicts(tree: UnitTree, user: User, unitId: string): boolean {
  return rolesAt(tree, user, unitId).has('lead')
}

/** Return, accept and reopen: a consolidator of a unit above the sheet's unit. */
export function canReturnOrAccept(tree: UnitTree, user: User, unitId: string): boolean {
  if (!tree.has(unitId)) return false
  return user.grants.some((g) => g.role === 'consolidator' && tree.isAbove(g.unitId, unitId))
}

export function canCreateSheet(tree: UnitTree, user: User, unitId: string): boolean {
  return hasAny(rolesAt(tree, user, unitId), ['admin', 'lead', 'consolidator'])
}

/** May add a unit under `parentId` (null: a new district), or grant roles at it. */
export function canAdminister(tree: UnitTree, user: User, unitId: string | null): boolean {
  if (user.isAdmin) return true
  if (unitId === null) return false
  return rolesAt(tree, user, unitId).has('admin')
}

/** What a user may do with a sheet's cells, as the sync relay needs it. */
export function sheetAccess(
  tree: UnitTree,
  user: User,
  sheet: { unitId: string; status: SheetStatus },
): 'none' | 'read' | 'write' {
  if (!canRead(tree, user, sheet.unitId)) return 'none'
  if (sheet.status === 'accepted') return 'read'
  return canWrite(tree, user, sheet.unitId) ? 'write' : 'read'
}

export interface VisibleUnit {
  id: string
  name: string
  parentId: string | null
  level: string
  /** True for a unit shown only as a name on the path above the caller's own subtrees. */
  pathOnly: boolean
}

/**
 * The units a user may see (SPEC §6.3): its own subtrees (every unit where some role
 * applies) and, for orientation, the names of the units on the path above them.
 */
export function visibleUnits(tree: UnitTree, user: User): VisibleUnit[] {
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
