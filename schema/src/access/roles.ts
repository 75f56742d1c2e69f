/**
 * @module access/roles
 * The roles of SPEC §1 and how they are granted: a role is granted to a user at a unit and
 * applies to that unit and every unit below it. The list is the one source for the server's
 * checks, both databases' CHECK constraints (a test compares them) and the web app's labels.
 * Not for: what a role may do (`permissions.ts`).
 */

/** 填报员 filler, 组长 lead, 审核员 consolidator, 查阅 reviewer, 管理员 admin. */
export const ROLES = ['filler', 'lead', 'consolidator', 'reviewer', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  filler: '填报员',
  lead: '组长',
  consolidator: '审核员',
  reviewer: '查阅',
  admin: '管理员',
}

/** A role granted at a unit; it applies to that unit and every unit below it. */
export interface Grant {
  unitId: string
  role: Role
}
