/**
 * @module admin/UsersTab
 * 用户 (SPEC §11): search the people of the admin's subtrees (username or name, and by unit),
 * with their roles by unit and last login; add a person; the users import with its preview;
 * per person 改名, 重置密码 (chosen or generated, shown once), 停用/启用 and roles (add at a unit,
 * withdraw). Accounts the admin may not change (roles beyond its subtrees) are read-only.
 * A card list on a phone, a table from 900 px up (CSS).
 */
import {
  ROLE_LABELS,
  ROLES,
  passwordProblem,
  type Grant,
  type Role,
  type Unit,
  type UnitTree,
} from '@taizhang/schema'
import { useEffect, useMemo, useState } from 'react'
import { errorMessage } from '../api/client'
import { Dialog } from '../components/Dialog'
import { DialogFooter } from '../components/DialogFooter'
import { useSession } from '../hooks/useSession'
import {
  createUser,
  fetchUsers,
  grantRoles,
  patchUser,
  resetPassword,
  revokeRoles,
  type AdminUser,
} from './adminApi'
import { ImportPanel } from './ImportPanel'
import type { AdminTabProps } from './tabProps'
import { pickable, unitPathText, useUnits } from './useAdminData'

type Action =
  | { kind: 'add' }
  | { kind: 'rename'; user: AdminUser }
  | { kind: 'password'; user: AdminUser }
  | { kind: 'roles'; user: AdminUser }
  | { kind: 'disable'; user: AdminUser }

const formatTime = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '从未登录'

export default function UsersTab({ onChanged }: AdminTabProps) {
  const { user: me } = useSession()
  const { units, tree } = useUnits()
  const [q, setQ] = useState('')
  const [unit, setUnit] = useState('')
  const [users, setUsers] = useState<AdminUser[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [generation, setGeneration] = useState(0)
  const [action, setAction] = useState<Action | null>(null)
  const [showImport, setShowImport] = useState(false)
  const reload = () => setGeneration((g) => g + 1)

  useEffect(() => {
    let cancelled = false
    const timer = setTimeout(() => {
      fetchUsers(q.trim(), unit).then(
        (list) => {
          if (!cancelled) {
            setUsers(list)
            setError(null)
          }
        },
        (failure: unknown) => !cancelled && setError(errorMessage(failure)),
      )
    }, 200)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [q, unit, generation])

  const unitName = (id: string) => (tree.get(id) ? unitPathText(tree, id) : '（其他单位）')
  const changed = () => {
    reload()
    onChanged?.()
  }
  const own = units.filter((u) => !u.pathOnly)

  return (
    <section className="card admin-section" aria-label="用户">
      <div className="admin-head">
        <h2>用户</h2>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => setAction({ kind: 'add' })}>
          添加用户
        </button>
        <button type="button" onClick={() => setShowImport((v) => !v)} aria-expanded={showImport}>
          导入用户
        </button>
      </div>
      {showImport && <ImportPanel kind="users" onImported={changed} />}
      <div className="admin-filters">
        <input
          type="search"
          name="q"
          placeholder="搜索用户名或姓名"
          aria-label="搜索用户"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <select
          name="unit"
          aria-label="按单位筛选"
          value={unit}
          onChange={(e) => setUnit(e.target.value)}
        >
          <option value="">全部单位</option>
          {own.map((u) => (
            <option key={u.id} value={u.id}>
              {unitPathText(tree, u.id)}
              {u.archived ? '（已归档）' : ''}
            </option>
          ))}
        </select>
      </div>
      {error && <p className="error">{error}</p>}
      {users && users.length === 0 && <p className="muted">没有符合条件的用户。</p>}
      <div className="table-scroll">
        <table className="admin-table users-table">
          <thead>
            <tr>
              <th>用户名</th>
              <th>姓名</th>
              <th>角色</th>
              <th>最近登录</th>
              <th>状态</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {(users ?? []).map((u) => (
              <tr
                key={u.id}
                data-username={u.username}
                className={u.disabled ? 'row-disabled' : undefined}
              >
                <td data-label="用户名">{u.username}</td>
                <td data-label="姓名">{u.displayName}</td>
                <td data-label="角色" className="small">
                  {u.isAdmin && <div>系统管理员</div>}
                  {u.grants.map((g) => (
                    <div key={`${g.unitId}:${g.role}`}>
                      {unitName(g.unitId)} · {ROLE_LABELS[g.role]}
                    </div>
                  ))}
                </td>
                <td data-label="最近登录" className="small">
                  {formatTime(u.lastLoginAt)}
                </td>
                <td data-label="状态">
                  {u.disabled ? (
                    <span className="badge badge-disabled">已停用</span>
                  ) : u.mustChangePassword ? (
                    <span className="badge badge-pending">待改密码</span>
                  ) : (
                    <span className="badge badge-active">正常</span>
                  )}
                </td>
                <td data-label="操作" className="admin-actions">
                  {u.manageable ? (
                    <>
                      <button
                        type="button"
                        className="small"
                        onClick={() => setAction({ kind: 'rename', user: u })}
                      >
                        改名
                      </button>
                      <button
                        type="button"
                        className="small"
                        onClick={() => setAction({ kind: 'roles', user: u })}
                      >
                        角色
                      </button>
                      <button
                        type="button"
                        className="small"
                        onClick={() => setAction({ kind: 'password', user: u })}
                      >
                        重置密码
                      </button>
                      {u.id !== me?.id &&
                        (u.disabled ? (
                          <button
                            type="button"
                            className="small"
                            onClick={() =>
                              void patchUser(u.id, { disabled: false }).then(
                                changed,
                                (f: unknown) => setError(errorMessage(f)),
                              )
                            }
                          >
                            启用
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="small danger"
                            onClick={() => setAction({ kind: 'disable', user: u })}
                          >
                            停用
                          </button>
                        ))}
                    </>
                  ) : (
                    <span className="muted small">由上级管理员管理</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {action && (
        <UserDialog
          action={action}
          tree={tree}
          units={units}
          onClose={() => setAction(null)}
          onDone={() => {
            if (action.kind !== 'password') setAction(null)
            changed()
          }}
        />
      )}
    </section>
  )
}

function UnitSelect({
  tree,
  units,
  value,
  onChange,
}: {
  tree: UnitTree<Unit>
  units: readonly Unit[]
  value: string
  onChange: (id: string) => void
}) {
  return (
    <select name="grant-unit" value={value} onChange={(e) => onChange(e.target.value)} required>
      <option value="">请选择单位</option>
      {pickable(units).map((u) => (
        <option key={u.id} value={u.id}>
          {unitPathText(tree, u.id)}
        </option>
      ))}
    </select>
  )
}

function RoleSelect({ value, onChange }: { value: Role; onChange: (r: Role) => void }) {
  return (
    <select name="grant-role" value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABELS[r]}
        </option>
      ))}
    </select>
  )
}

function UserDialog({
  action,
  tree,
  units,
  onClose,
  onDone,
}: {
  action: Action
  tree: UnitTree<Unit>
  units: readonly Unit[]
  onClose: () => void
  onDone: () => void
}) {
  const target = action.kind === 'add' ? null : action.user
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState(target?.displayName ?? '')
  const [password, setPassword] = useState('')
  const [unitId, setUnitId] = useState('')
  const [role, setRole] = useState<Role>('filler')
  const [grants, setGrants] = useState<Grant[]>(target?.grants ?? [])
  const [shown, setShown] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const problem = useMemo(
    () => (password ? passwordProblem(password, target?.username ?? username) : null),
    [password, target, username],
  )
  const title = {
    add: '添加用户',
    rename: `修改姓名：${target?.username}`,
    password: `重置密码：${target?.username}`,
    roles: `角色：${target?.username}`,
    disable: `停用账号：${target?.username}`,
  }[action.kind]

  const attempt = async (work: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await work()
    } catch (failure) {
      setError(errorMessage(failure))
    } finally {
      setBusy(false)
    }
  }

  const submit = () =>
    attempt(async () => {
      if (action.kind === 'add') {
        await createUser({
          username: username.trim(),
          displayName: displayName.trim(),
          password,
          grants: unitId ? [{ unitId, role }] : [],
        })
        onDone()
      } else if (action.kind === 'rename') {
        await patchUser(target!.id, { displayName: displayName.trim() })
        onDone()
      } else if (action.kind === 'disable') {
        await patchUser(target!.id, { disabled: true })
        onDone()
      } else if (action.kind === 'password') {
        const answer = await resetPassword(target!.id, password || undefined)
        setShown(answer.password ?? password)
        onDone()
      }
    })

  if (action.kind === 'roles') {
    return (
      <Dialog title={title} onClose={onClose}>
        <ul className="grant-list">
          {grants.map((g) => (
            <li key={`${g.unitId}:${g.role}`}>
              <span>
                {tree.get(g.unitId) ? unitPathText(tree, g.unitId) : g.unitId} ·{' '}
                {ROLE_LABELS[g.role]}
              </span>
              <button
                type="button"
                className="small danger"
                disabled={busy}
                onClick={() =>
                  void attempt(async () => {
                    const answer = await revokeRoles(target!.id, [g])
                    setGrants(answer.grants.filter((k) => tree.has(k.unitId)))
                    onDone()
                  })
                }
              >
                撤销
              </button>
            </li>
          ))}
          {grants.length === 0 && <li className="muted">没有角色</li>}
        </ul>
        <form
          className="form grant-add"
          onSubmit={(e) => {
            e.preventDefault()
            void attempt(async () => {
              const answer = await grantRoles(target!.id, [{ unitId, role }])
              setGrants(answer.grants.filter((k) => tree.has(k.unitId)))
              onDone()
            })
          }}
        >
          <UnitSelect tree={tree} units={units} value={unitId} onChange={setUnitId} />
          <RoleSelect value={role} onChange={setRole} />
          <button type="submit" className="primary" disabled={busy || !unitId}>
            授予角色
          </button>
        </form>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </Dialog>
    )
  }

  return (
    <Dialog title={title} onClose={onClose}>
      {shown !== null ? (
        <div className="form">
          <p role="status">
            密码已重置。新密码<strong>只显示这一次</strong>，请告知本人；对方下次登录时须修改密码。
          </p>
          <p className="mono password-shown" data-testid="reset-password">
            {shown}
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={onClose}>
              完成
            </button>
          </div>
        </div>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault()
            void submit()
          }}
        >
          {action.kind === 'add' && (
            <label>
              用户名
              <input
                name="username"
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                required
                autoFocus
              />
            </label>
          )}
          {(action.kind === 'add' || action.kind === 'rename') && (
            <label>
              姓名
              <input
                name="displayName"
                value={displayName}
                onChange={(e) => setDisplayName(e.target.value)}
                required
              />
            </label>
          )}
          {(action.kind === 'add' || action.kind === 'password') && (
            <label>
              {action.kind === 'add' ? '初始密码' : '新密码（留空则自动生成）'}
              <input
                name="password"
                type="text"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required={action.kind === 'add'}
              />
              {problem && <span className="error small">{problem}</span>}
            </label>
          )}
          {action.kind === 'add' && (
            <fieldset className="grant-add">
              <legend>角色</legend>
              <UnitSelect tree={tree} units={units} value={unitId} onChange={setUnitId} />
              <RoleSelect value={role} onChange={setRole} />
            </fieldset>
          )}
          {action.kind === 'disable' && (
            <p>
              停用后，{target?.displayName} 立即退出所有设备上的登录，不能再登录，直到重新启用。
            </p>
          )}
          <DialogFooter
            error={error}
            confirm={
              action.kind === 'disable'
                ? '确认停用'
                : action.kind === 'password'
                  ? '重置密码'
                  : '保存'
            }
            danger={action.kind === 'disable'}
            disabled={busy || problem !== null}
            onCancel={onClose}
          />
        </form>
      )}
    </Dialog>
  )
}
