/**
 * @module admin/importUsers
 * `POST /api/users/import` (SPEC §11): people from a list with 用户名 · 姓名 · 单位 · 角色 ·
 * 初始密码 (optional). 单位 is the path below the district (城东街道/幸福社区/幸福社区第一网格,
 * skipped levels left out; the district's own name may lead it) or a name unique among the
 * units the caller administers; 角色 one or more of 填报员 组长 审核员 查阅 管理员 (or the
 * English ids), separated by 、 or commas. New users must change their password at first
 * login; a row without 初始密码 gets a generated one, answered once in `passwords`. A row of a
 * user that exists adds the roles it lacks (`updated`); nothing is created twice, and an
 * existing password is never touched. The caller must administer every unit named and see
 * the existing users it touches (`admin/scope`); others are rejected, never named.
 * Passwords are hashed on the worker pool (`auth/hashPool`), so a 1,000-user import leaves
 * the event loop free for other requests and sync, at `INITIAL_COST` (they must be changed at
 * first login; why and what it gives up: `auth/passwords`).
 * Not for: reading the file (`adminTable`) or HTTP (`routes/userImport`).
 */
import {
  canAdminister,
  passwordProblem,
  ROLE_LABELS,
  ROLES,
  type Grant,
  type Role,
  type UnitTree,
} from '@taizhang/schema'
import { hashPool } from '../auth/hashPool'
import { generatePassword, INITIAL_COST } from '../auth/passwords'
import type { MetaStore } from '../storage/MetaStore'
import type { Unit } from '../storage/UnitStore'
import type { User } from '../storage/UserStore'
import type { AdminColumn, AdminRow } from './adminTable'
import { isArchived, managesUser, seesUser } from './scope'

export type UserColumn = 'username' | 'displayName' | 'unit' | 'role' | 'password'

export const USER_COLUMNS: readonly AdminColumn<UserColumn>[] = [
  { key: 'username', names: ['用户名', '账号', '登录名', '帐号'], required: true },
  { key: 'displayName', names: ['姓名', '名称', '显示名'], required: true },
  { key: 'unit', names: ['单位', '所属单位', '单位路径', '组织'], required: true },
  { key: 'role', names: ['角色', '权限'], required: true },
  { key: 'password', names: ['初始密码', '密码'] },
]

const USERNAME = /^[^\s/\\]{2,64}$/

const ROLE_BY_NAME = new Map<string, Role>([
  ...ROLES.map((r) => [r, r] as [string, Role]),
  ...ROLES.map((r) => [ROLE_LABELS[r], r] as [string, Role]),
  ['督查员', 'filler'],
  ['审核', 'consolidator'],
  ['查阅员', 'reviewer'],
])

export type UserRowOutcome = 'create' | 'update' | 'existing' | 'rejected'

export interface UserImportRow {
  row: number
  username: string
  displayName: string
  unit: string
  unitId?: string
  roles: Role[]
  outcome: UserRowOutcome
  /** 'file' (初始密码 given) or 'generated'; only for new users. */
  password?: 'file' | 'generated'
  reasons?: string[]
}

export interface UserImportResult {
  created: number
  updated: number
  rejected: { row: number; reasons: string[] }[]
  passwords: { username: string; password: string }[]
  rows: UserImportRow[]
}

/** Finds the unit a 单位 cell names, among the units the caller administers. */
export function unitResolver(tree: UnitTree<Unit>, user: User) {
  const live = tree.units.filter((u) => !isArchived(tree, u.id))
  const administered = live.filter((u) => canAdminister(tree, user, u.id))
  const byName = new Map<string, Unit[]>()
  for (const u of administered) {
    const list = byName.get(u.name)
    if (list) list.push(u)
    else byName.set(u.name, [u])
  }
  const childrenOf = (parentId: string | null) => live.filter((u) => u.parentId === parentId)
  return (text: string): Unit | string => {
    const parts = text
      .split(/[/／>＞]/)
      .map((p) => p.trim())
      .filter(Boolean)
    if (parts.length === 0) return '缺少单位'
    if (parts.length === 1) {
      const found = byName.get(parts[0]!) ?? []
      if (found.length === 1) return found[0]!
      if (found.length > 1) return `单位“${parts[0]}”不止一个，请写出完整路径（如 乡镇/社区/网格）`
      return `找不到单位“${parts[0]}”（或不在您管理的范围内）`
    }
    // a path: from each district (its own name may lead the path), down by name
    const matches: Unit[] = []
    for (const district of childrenOf(null)) {
      const names = parts[0] === district.name ? parts.slice(1) : parts
      let at: Unit | undefined = district
      for (const name of names) {
        at = childrenOf(at.id).find((u) => u.name === name)
        if (!at) break
      }
      if (at && at !== district && canAdminister(tree, user, at.id)) matches.push(at)
      else if (at === district && names.length === 0 && canAdminister(tree, user, at.id)) {
        matches.push(at)
      }
    }
    if (matches.length === 1) return matches[0]!
    if (matches.length > 1) return `单位“${text}”在多个区县中都有，请在路径前加上区县名称`
    return `找不到单位“${text}”（或不在您管理的范围内）`
  }
}

/** The roles a 角色 cell names, or the reason it cannot be read. */
export function parseRoles(text: string): Role[] | string {
  const names = text
    .split(/[、,，;；\s]+/)
    .map((t) => t.trim())
    .filter(Boolean)
  if (names.length === 0) return '缺少角色'
  const roles: Role[] = []
  for (const name of names) {
    const role = ROLE_BY_NAME.get(name) ?? ROLE_BY_NAME.get(name.toLowerCase())
    if (!role)
      return `角色“${name}”无法识别（可填：${ROLES.map((r) => ROLE_LABELS[r]).join('、')}）`
    if (!roles.includes(role)) roles.push(role)
  }
  return roles
}

/** Plan (and unless `preview`, apply) a users import for `caller`. */
export async function importUsers(
  store: MetaStore,
  tree: UnitTree<Unit>,
  caller: User,
  rows: readonly AdminRow<UserColumn>[],
  { preview }: { preview: boolean },
): Promise<UserImportResult> {
  const resolve = unitResolver(tree, caller)
  const existing = new Map((await store.users.list()).map((u) => [u.username, u]))
  const out: UserImportRow[] = []
  /** New users to create, and existing ones to give roles, by username. */
  const creates = new Map<
    string,
    { displayName: string; grants: Grant[]; password: string | null; row: UserImportRow }
  >()
  const additions = new Map<string, { user: User; grants: Grant[] }>()

  for (const { row, values } of rows) {
    const reasons: string[] = []
    const username = values.username
    const displayName = values.displayName
    const base = { row, username, displayName, unit: values.unit, roles: [] as Role[] }
    if (!username) reasons.push('缺少用户名')
    else if (!USERNAME.test(username)) reasons.push('用户名须为 2–64 个字符，不能包含空格或斜杠')
    if (!displayName) reasons.push('缺少姓名')
    else if ([...displayName].length > 100) reasons.push('姓名超过 100 个字')
    const unit = resolve(values.unit)
    if (typeof unit === 'string') reasons.push(unit)
    const roles = parseRoles(values.role)
    if (typeof roles === 'string') reasons.push(roles)
    else base.roles = roles
    const known = username ? existing.get(username) : undefined
    if (values.password && !known) {
      const problem = passwordProblem(values.password, username)
      if (problem) reasons.push(`初始密码不可用：${problem}`)
    }
    if (known && !seesUser(tree, caller, known)) reasons.push(`用户名“${username}”已被使用`)
    else if (known && !managesUser(tree, caller, known)) {
      reasons.push(`用户“${username}”在您管理范围之外也有角色，请由上级管理员授权`)
    }
    if (reasons.length || typeof unit === 'string' || typeof roles === 'string') {
      out.push({ ...base, outcome: 'rejected', reasons })
      continue
    }
    const grants = roles.map((role) => ({ unitId: unit.id, role }))
    if (known) {
      const add = additions.get(username) ?? { user: known, grants: [] }
      const fresh = grants.filter(
        (g) =>
          !known.grants.some((k) => k.unitId === g.unitId && k.role === g.role) &&
          !add.grants.some((k) => k.unitId === g.unitId && k.role === g.role),
      )
      add.grants.push(...fresh)
      additions.set(username, add)
      out.push({ ...base, unitId: unit.id, outcome: fresh.length ? 'update' : 'existing' })
      continue
    }
    const pending = creates.get(username)
    if (pending) {
      // another row of the same new user: more roles, same account
      if (pending.displayName !== displayName) {
        out.push({
          ...base,
          outcome: 'rejected',
          reasons: [`与第 ${pending.row.row} 行用户名相同但姓名不同`],
        })
        continue
      }
      for (const g of grants) {
        if (!pending.grants.some((k) => k.unitId === g.unitId && k.role === g.role)) {
          pending.grants.push(g)
        }
      }
      out.push({ ...base, unitId: unit.id, outcome: 'existing' })
      continue
    }
    const line: UserImportRow = {
      ...base,
      unitId: unit.id,
      outcome: 'create',
      password: values.password ? 'file' : 'generated',
    }
    creates.set(username, { displayName, grants, password: values.password || null, row: line })
    out.push(line)
  }

  const passwords: { username: string; password: string }[] = []
  if (!preview) {
    const plans = [...creates.entries()].map(([username, plan]) => {
      const password = plan.password ?? generatePassword()
      if (!plan.password) passwords.push({ username, password })
      return { username, plan, hash: hashPool().hash(password, INITIAL_COST) }
    })
    for (const { username, plan, hash } of plans) {
      await store.users.create({
        username,
        displayName: plan.displayName,
        passwordHash: await hash,
        grants: plan.grants,
        mustChangePassword: true,
      })
    }
    for (const { user, grants } of additions.values()) {
      if (grants.length) await store.users.addGrants(user.id, grants)
    }
  }
  return {
    created: creates.size,
    updated: [...additions.values()].filter((a) => a.grants.length > 0).length,
    rejected: out
      .filter((r) => r.outcome === 'rejected')
      .map((r) => ({ row: r.row, reasons: r.reasons! })),
    passwords,
    rows: out,
  }
}
