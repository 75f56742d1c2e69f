/**
 * @module admin/tabs
 * The tabs of `/admin` (SPEC §11): 组织机构, 用户, 表样, 审计日志, in order. One entry per tab,
 * so a feature adds its page by adding an entry here. `load` is a lazy import: each tab is its own chunk. `treeAdminOnly`
 * tabs show only to the tree's admin (the audit log names users across the whole tree).
 */
import type { ComponentType } from 'react'
import type { AdminTabProps } from './tabProps'

export interface AdminTab {
  id: string
  label: string
  load: () => Promise<{ default: ComponentType<AdminTabProps> }>
  treeAdminOnly?: boolean
}

export const ADMIN_TABS: AdminTab[] = [
  { id: 'units', label: '组织机构', load: () => import('./UnitsTab') },
  { id: 'users', label: '用户', load: () => import('./UsersTab') },
  { id: 'templates', label: '表样', load: () => import('./templates/TemplatesTab') },
  { id: 'audit', label: '审计日志', load: () => import('./AuditTab'), treeAdminOnly: true },
]
