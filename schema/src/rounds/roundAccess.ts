/**
 * @module rounds/roundAccess
 * Who may do what with a reporting round (SPEC §8), on top of `access/permissions`:
 * issuing and 催报 need a lead, consolidator or admin role at the issuing unit (granted there
 * or above); the whole round is visible to every role at the issuing unit or above; below it a
 * user sees the round only through the target units they hold a role at (a grid: its own
 * sheet), and nobody else sees it at all.
 */
import { canRead, rolesAt, type RoleHolder } from '../access/permissions'
import type { Role } from '../access/roles'
import type { UnitHierarchy } from '../access/unitTree'

const ISSUERS: readonly Role[] = ['admin', 'lead', 'consolidator']

/** May issue a round at `unitId` (and send its 催报). */
export function canIssueRound(tree: UnitHierarchy, user: RoleHolder, unitId: string): boolean {
  const roles = rolesAt(tree, user, unitId)
  return ISSUERS.some((r) => roles.has(r))
}

/** The target units of a round that `user` may see: all of them, or those they hold a role at. */
export function visibleTargets<T extends { unitId: string }>(
  tree: UnitHierarchy,
  user: RoleHolder,
  round: { unitId: string },
  targets: readonly T[],
): T[] {
  if (canRead(tree, user, round.unitId)) return [...targets]
  return targets.filter((t) => canRead(tree, user, t.unitId))
}
