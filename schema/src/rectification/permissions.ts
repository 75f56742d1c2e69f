/**
 * @module rectification/permissions
 * Who may do what with a rectification item (SPEC §9), by the roles of SPEC §1 (a role granted
 * at a unit applies below it):
 *   read             a user of the item's grid or a unit above it, or anyone who may read the
 *                    scoring sheet it came from
 *   start, submit, 整改情况/佐证材料   a filler or lead of the responsible unit (`unitId`)
 *   close, reject, reopen   the scoring sheet's team lead (组长 at the sheet's unit), or a
 *                    consolidator of a unit strictly above the responsible unit
 *   generate, set `unitId`  the scoring sheet's team lead
 * Pure functions shared by the server's checks and the web app's buttons.
 * Not for: which state an action applies to (`states.ts`).
 */
import { canRead, canReturnOrAccept, rolesAt, type RoleHolder } from '../access/permissions'
import type { UnitHierarchy } from '../access/unitTree'
import type { RectificationAction } from './states'

/** Where an item sits: its responsible grid (null until found or set) and its sheet's unit. */
export interface RectificationPlace {
  unitId: string | null
  /** The unit of the scoring sheet the item came from (the inspection team). */
  sheetUnitId: string
}

export function canReadRectification(
  tree: UnitHierarchy,
  user: RoleHolder,
  item: RectificationPlace,
): boolean {
  return (
    (item.unitId !== null && canRead(tree, user, item.unitId)) ||
    canRead(tree, user, item.sheetUnitId)
  )
}

/** A filler or lead of the responsible unit: starts, writes 整改情况, attaches, submits. */
export function canWorkOnRectification(
  tree: UnitHierarchy,
  user: RoleHolder,
  item: RectificationPlace,
): boolean {
  if (item.unitId === null) return false
  const roles = rolesAt(tree, user, item.unitId)
  return roles.has('filler') || roles.has('lead')
}

/** The team lead, or a consolidator above the responsible unit: closes, rejects, reopens. */
export function canVerifyRectification(
  tree: UnitHierarchy,
  user: RoleHolder,
  item: RectificationPlace,
): boolean {
  if (rolesAt(tree, user, item.sheetUnitId).has('lead')) return true
  return item.unitId !== null && canReturnOrAccept(tree, user, item.unitId)
}

/** The scoring sheet's team lead: generates items and sets their responsible unit. */
export function canManageRectifications(
  tree: UnitHierarchy,
  user: RoleHolder,
  sheetUnitId: string,
): boolean {
  return rolesAt(tree, user, sheetUnitId).has('lead')
}

/** Whether the user's roles allow `action` on the item (its state aside). */
export function canPerformRectification(
  tree: UnitHierarchy,
  user: RoleHolder,
  item: RectificationPlace,
  action: RectificationAction,
): boolean {
  return action === 'start' || action === 'submit'
    ? canWorkOnRectification(tree, user, item)
    : canVerifyRectification(tree, user, item)
}
