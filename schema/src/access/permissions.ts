/**
 * @module access/permissions
 * What each role of SPEC §1 may do, with the rule that a role granted at a unit applies to
 * every unit below it:
 *   read             any role at the unit or above (and every admin of the tree)
 *   write cells      filler, lead, consolidator, admin — not reviewer; nobody while the
 *                    sheet is accepted (locked)
 *   submit           lead at the unit or above (a filler's submit is refused)
 *   return/accept/reopen  consolidator of a unit strictly ABOVE the sheet's unit
 *   resolve conflict lead at the unit or above
 *   create a sheet   admin, or lead/consolidator at the unit or above
 *   units and users  admin at the parent unit or above (a district: the tree's admin)
 * Pure functions over a `UnitHierarchy` and the user's grants: the server checks every
 * request with them, the web app uses the same ones to decide which buttons to show.
 * A unit the tree does not hold grants nothing.
 */
import type { SheetStatus } from '../workflow/states'
import { nextStatus, type WorkflowAction } from '../workflow/transitions'
import type { Grant, Role } from './roles'
import type { UnitHierarchy } from './unitTree'

/** What the rules need of a user: the tree-wide admin flag and the grants. */
export interface RoleHolder {
  /** Admin over the whole tree (the first `admin`), independent of grants. */
  isAdmin?: boolean
  grants?: readonly Grant[]
}

/** Roles that apply to `unitId`: those granted there or at a unit above it. */
export function rolesAt(tree: UnitHierarchy, user: RoleHolder, unitId: string): Set<Role> {
  const roles = new Set<Role>()
  if (!tree.has(unitId)) return roles
  if (user.isAdmin) roles.add('admin')
  const path = new Set(tree.pathUp(unitId).map((u) => u.id))
  for (const g of user.grants ?? []) if (path.has(g.unitId)) roles.add(g.role)
  return roles
}

const WRITERS: readonly Role[] = ['filler', 'lead', 'consolidator', 'admin']
const SHEET_CREATORS: readonly Role[] = ['admin', 'lead', 'consolidator']
const hasAny = (roles: Set<Role>, wanted: readonly Role[]) => wanted.some((r) => roles.has(r))

export function canRead(tree: UnitHierarchy, user: RoleHolder, unitId: string): boolean {
  return rolesAt(tree, user, unitId).size > 0
}

export function canWrite(tree: UnitHierarchy, user: RoleHolder, unitId: string): boolean {
  return hasAny(rolesAt(tree, user, unitId), WRITERS)
}

export function canSubmit(tree: UnitHierarchy, user: RoleHolder, unitId: string): boolean {
  return rolesAt(tree, user, unitId).has('lead')
}

export function canResolveConflicts(
  tree: UnitHierarchy,
  user: RoleHolder,
  unitId: string,
): boolean {
  return rolesAt(tree, user, unitId).has('lead')
}

/** Return, accept and reopen: a consolidator of a unit above the sheet's unit. */
export function canReturnOrAccept(tree: UnitHierarchy, user: RoleHolder, unitId: string): boolean {
  if (!tree.has(unitId)) return false
  const above = new Set(
    tree
      .pathUp(unitId)
      .slice(1)
      .map((u) => u.id),
  )
  return (user.grants ?? []).some((g) => g.role === 'consolidator' && above.has(g.unitId))
}

/** Whether the user's roles allow `action` at `unitId` (the sheet's state aside). */
export function canPerform(
  tree: UnitHierarchy,
  user: RoleHolder,
  unitId: string,
  action: WorkflowAction,
): boolean {
  return action === 'submit' ? canSubmit(tree, user, unitId) : canReturnOrAccept(tree, user, unitId)
}

export function canCreateSheet(tree: UnitHierarchy, user: RoleHolder, unitId: string): boolean {
  return hasAny(rolesAt(tree, user, unitId), SHEET_CREATORS)
}

/** May add a unit under `unitId` (null: a new district), or grant roles at it. */
export function canAdminister(
  tree: UnitHierarchy,
  user: RoleHolder,
  unitId: string | null,
): boolean {
  if (user.isAdmin) return true
  if (unitId === null) return false
  return rolesAt(tree, user, unitId).has('admin')
}

export type SheetAccessLevel = 'none' | 'read' | 'write'

/** What a user may do with a sheet's cells: an accepted sheet is read-only for everybody. */
export function sheetAccessLevel(
  tree: UnitHierarchy,
  user: RoleHolder,
  sheet: { unitId: string; status: SheetStatus },
): SheetAccessLevel {
  if (!canRead(tree, user, sheet.unitId)) return 'none'
  if (sheet.status === 'accepted') return 'read'
  return canWrite(tree, user, sheet.unitId) ? 'write' : 'read'
}

/** What a user may do with a sheet in its current state: the buttons worth showing. */
export interface SheetAbilities {
  edit: boolean
  submit: boolean
  returnOrAccept: boolean
  reopen: boolean
  resolveConflicts: boolean
}

export function sheetAbilities(
  tree: UnitHierarchy,
  user: RoleHolder,
  unitId: string,
  status: SheetStatus,
): SheetAbilities {
  const review = canReturnOrAccept(tree, user, unitId)
  // return and accept apply to the same state
  const applies = (action: WorkflowAction) => nextStatus(status, action) !== null
  return {
    edit: sheetAccessLevel(tree, user, { unitId, status }) === 'write',
    submit: canSubmit(tree, user, unitId) && applies('submit'),
    returnOrAccept: review && applies('accept'),
    reopen: review && applies('reopen'),
    resolveConflicts: canResolveConflicts(tree, user, unitId) && status !== 'accepted',
  }
}
