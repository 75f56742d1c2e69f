/**
 * @module admin/scope
 * Whom and what an admin administers (SPEC §11): an admin of a unit administers
 * that unit's subtree (schema's `canAdminister`); the tree's admin (`isAdmin`) everything.
 * - sees a user when the user holds a grant in the admin's subtrees (others: 404, never
 *   named), and sees only those of the user's grants;
 * - manages an account (display name, disable, password reset) only when every grant the
 *   user holds is in the admin's subtrees, and never a tree admin unless it is one itself
 *   (a person of two townships is managed by the admin above both: 403).
 * Not for: the role rules themselves (schema's `access/permissions`).
 */
import { canAdminister, type Grant, type UnitTree } from '@taizhang/schema'
import type { Unit } from '../storage/UnitStore'
import type { User } from '../storage/UserStore'
import { forbidden } from '../http/errors'

/** Whether `user` is an admin anywhere (the tree's, or of some unit). */
export const isSomeAdmin = (user: User): boolean =>
  Boolean(user.isAdmin) || user.grants.some((g) => g.role === 'admin')

/** 403 unless the caller administers some unit. */
export function requireSomeAdmin(user: User): void {
  if (!isSomeAdmin(user)) throw forbidden('只有管理员可以进行此操作')
}

/** The grants of `target` that the caller may see (all of them for the tree's admin). */
export function visibleGrants(tree: UnitTree<Unit>, caller: User, target: User): Grant[] {
  if (caller.isAdmin) return target.grants
  return target.grants.filter((g) => canAdminister(tree, caller, g.unitId))
}

/** The caller sees `target` (lists it, may name it): a grant in its subtrees, or itself. */
export function seesUser(tree: UnitTree<Unit>, caller: User, target: User): boolean {
  if (caller.isAdmin || caller.id === target.id) return true
  return visibleGrants(tree, caller, target).length > 0
}

/** The caller may change `target`'s account: every grant of it is in the caller's subtrees. */
export function managesUser(tree: UnitTree<Unit>, caller: User, target: User): boolean {
  if (caller.isAdmin) return true
  if (target.isAdmin) return false
  return (
    target.grants.length > 0 && target.grants.every((g) => canAdminister(tree, caller, g.unitId))
  )
}

/** Whether a unit is archived, or lies under an archived unit. */
export function isArchived(tree: UnitTree<Unit>, unitId: string): boolean {
  return tree.pathUp(unitId).some((u) => Boolean(u.archivedAt))
}
