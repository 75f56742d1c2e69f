/**
 * @module admin/AuditTab
 * 审计日志 (SPEC §11, the tree's admin only): the hash-chained log newest first, 200 entries
 * a page, filtered by the server (`GET /api/audit`) by user, action and date, with the
 * chain's verification (完整 or where it breaks) and the JSON lines export. Details are shown as the server stored them (never a password).
 */
import { useEffect, useMemo, useState } from 'react'
import { errorMessage } from '../api/client'
import { getToken } from '../api/session'
import { fetchAudit, fetchUsers, saveBlob, type AuditEntry, type AuditVerdict } from './adminApi'

export const ACTION_LABELS: Record<string, string> = {
  login: '登录',
  'login-failed': '登录失败',
  logout: '退出',
  'logout-everywhere': '在所有设备上退出',
  'unit-create': '新建单位',
  'unit-rename': '单位改名',
  'unit-move': '移动单位',
  'unit-archive': '归档单位',
  'units-import': '导入单位',
  'user-create': '新建用户',
  'user-update': '修改用户',
  'user-disable': '停用用户',
  'user-enable': '启用用户',
  'users-import': '导入用户',
  'password-reset': '重置密码',
  'password-change': '修改密码',
  'password-change-failed': '修改密码失败',
  'grant-add': '授予角色',
  'grant-revoke': '撤销角色',
  'sheet-create': '新建表格',
  'sheet-import': '导入表格',
  'sheet-export': '导出表格',
  'workflow-submit': '提交',
  'workflow-return': '退回',
  'workflow-accept': '审核通过',
  'workflow-reopen': '重新打开',
  'conflict-resolve': '处理冲突',
  'consolidation-export': '导出汇总',
  'audit-export': '查看审计日志',
}

const PAGE = 200

export default function AuditTab() {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null)
  const [more, setMore] = useState(false)
  const [verdict, setVerdict] = useState<AuditVerdict | null>(null)
  const [users, setUsers] = useState<{ id: string; label: string }[]>([])
  const [error, setError] = useState<string | null>(null)
  const [user, setUser] = useState('')
  const [action, setAction] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const names = useMemo(() => new Map(users.map((u) => [u.id, u.label])), [users])
  const filter = useMemo(() => ({ user, action, from, to }), [user, action, from, to])

  useEffect(() => {
    void fetchUsers().then(
      (list) =>
        setUsers(list.map((u) => ({ id: u.id, label: `${u.displayName}（${u.username}）` }))),
      (failure) => setError(errorMessage(failure)),
    )
  }, [])

  // the server filters; a new filter starts again from the newest entry
  useEffect(() => {
    let cancelled = false
    setEntries(null)
    void fetchAudit(filter).then(
      (answer) => {
        if (cancelled) return
        setEntries(answer.entries)
        setMore(answer.entries.length === PAGE)
        setVerdict(answer.verified)
        setError(null)
      },
      (failure) => !cancelled && setError(errorMessage(failure)),
    )
    return () => {
      cancelled = true
    }
  }, [filter])

  const loadOlder = () => {
    const last = entries?.at(-1)
    if (!last) return
    void fetchAudit(filter, last.id).then(
      (answer) => {
        setEntries((shown) => [...(shown ?? []), ...answer.entries])
        setMore(answer.entries.length === PAGE)
      },
      (failure) => setError(errorMessage(failure)),
    )
  }

  return (
    <section className="card admin-section" aria-label="审计日志">
      <div className="admin-head">
        <h2>审计日志</h2>
        {verdict && (
          <span
            className={verdict.ok ? 'badge badge-active' : 'badge badge-disabled'}
            data-testid="audit-verdict"
          >
            {verdict.ok
              ? `哈希链完整（共 ${verdict.entries} 条）`
              : `哈希链在第 ${verdict.brokenAt} 条处断开：${verdict.reason}`}
          </span>
        )}
        <span className="spacer" />
        <button
          type="button"
          disabled={!entries}
          onClick={() =>
            void fetch('/api/audit?format=jsonl&limit=5000', {
              headers: { Authorization: `Bearer ${getToken() ?? ''}` },
            })
              .then((r) => r.blob())
              .then((b) => saveBlob(b, 'audit.jsonl'))
          }
        >
          导出
        </button>
      </div>
      <div className="admin-filters">
        <select
          name="audit-user"
          aria-label="按用户筛选"
          value={user}
          onChange={(e) => setUser(e.target.value)}
        >
          <option value="">全部用户</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.label}
            </option>
          ))}
        </select>
        <select
          name="audit-action"
          aria-label="按操作筛选"
          value={action}
          onChange={(e) => setAction(e.target.value)}
        >
          <option value="">全部操作</option>
          {Object.keys(ACTION_LABELS).map((a) => (
            <option key={a} value={a}>
              {ACTION_LABELS[a] ?? a}
            </option>
          ))}
        </select>
        <label className="small">
          从{' '}
          <input
            type="date"
            name="audit-from"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label className="small">
          到{' '}
          <input type="date" name="audit-to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {error && <p className="error">{error}</p>}
      {!entries && !error && <p className="muted">正在读取…</p>}
      {entries && (
        <p className="muted small">
          显示最近的 {entries.length} 条{more ? '' : '（已全部显示）'}
        </p>
      )}
      <div className="table-scroll">
        <table className="admin-table audit-table">
          <thead>
            <tr>
              <th>#</th>
              <th>时间</th>
              <th>用户</th>
              <th>操作</th>
              <th>详情</th>
            </tr>
          </thead>
          <tbody>
            {(entries ?? []).map((e) => (
              <tr key={e.id} data-action={e.action}>
                <td>{e.id}</td>
                <td className="small">
                  {new Date(e.at).toLocaleString('zh-CN', { hour12: false })}
                </td>
                <td className="small">{e.userId ? (names.get(e.userId) ?? e.userId) : '—'}</td>
                <td>{ACTION_LABELS[e.action] ?? e.action}</td>
                <td className="small mono audit-detail">{JSON.stringify(e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more && (
        <button type="button" onClick={loadOlder}>
          更早的 {PAGE} 条
        </button>
      )}
    </section>
  )
}
