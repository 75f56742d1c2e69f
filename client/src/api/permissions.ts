/**
 * @module api/permissions
 * What the signed-in person may do with a sheet, mirrored from the server's rules
 * (server/src/auth/permissions.ts) only to decide which buttons to show; the server
 * checks every request again. A role granted at a unit applies to the units below it.
 */
import type { SheetStatus } from '@taizhang/schema'
import type { Role, Unit, User } from './types'

/** Unit ids from `unitId` up to the root (inclusive), as far as the list knows them. */
export function pathUp(units: readonly Unit[], unitId: string): string[] {
  const byId = new Map(units.map((u) => [u.id, u]))
  const path: string[] = []
  let current: string | null = unitId
  while (current !== null && !path.includes(current)) {
    path.push(current)
    current = byId.get(current)?.parentId ?? null
  }
  return path
}

export function rolesAt(units: readonly Unit[], user: User, unitId: string): Set<Role> {
  const roles = new Set<Role>()
  if (user.isAdmin) roles.add('admin')
  const path = new Set(pathUp(units, unitId))
  for (const g of user.grants ?? []) if (path.has(g.unitId)) roles.add(g.role)
  return roles
}

export interface SheetAbilities {
  edit: boolean
  submit: boolean
  returnOrAccept: boolean
  reopen: boolean
  resolveConflicts: boolean
}

/** Which actions to offer on a sheet of `unitId` in `status`. */
export function sheetAbilities(
  units: readonly Unit[],
  user: User,
  unitId: string,
  status: SheetStatus,
): SheetAbilities {
  const roles = rolesAt(units, user, unitId)
  const above = (user.grants ?? []).some(
    (g) =>
      g.role === 'consolidator' && g.unitId !== unitId && pathUp(units, unitId).includes(g.unitId),
  )
  const writer = ['filler', 'lead', 'consolidator', 'admin'].some((r) => roles.has(r as Role))
  const lead = roles.has('lead')
  return {
    edit: writer && status !== 'accepted',
    submit: lead && (status === 'draft' || status === 'returned'),
    returnOrAccept: above && status === 'submitted',
    reopen: above && status === 'accepted',
    resolveConflicts: lead && status !== 'accepted',
  }
}

export const STATUS_LABELS: Record<SheetStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  accepted: '已审核',
}

export const ROLE_LABELS: Record<Role, string> = {
  filler: '填报员',
  lead: '组长',
  consolidator: '审核员',
  reviewer: '查阅',
  admin: '管理员',
}
