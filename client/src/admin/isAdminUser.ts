/**
 * @module admin/isAdminUser
 * Whether to offer `/admin` to a person: the tree's admin or an admin of some unit.
 */
import type { User } from '@taizhang/schema'

export const isAdminUser = (user: User | null | undefined): boolean =>
  Boolean(user?.isAdmin || user?.grants?.some((g) => g.role === 'admin'))
