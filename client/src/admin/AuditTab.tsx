/**
 * @module admin/AuditTab
 * 审计日志 (SPEC §11, the tree's admin only): the hash-chained log newest first, filtered by
 * user, action and date, with the chain's verification (完整 or where it breaks) and the JSON
 * lines export. Details are shown as the server stored them (never a password).
 */
import { useEffect, useMemo, useState } from 'react'
import { errorMessage } from '../api/client'
import { getToken } from '../api/session'
import { fetchAudit, fetchUsers, saveBlob, type AuditEntry, type AuditVerdict } from './adminApi'

export const ACTION_LABELS: Record<string, string> = {
  login: '登录',
  'login-failed': '登录失败',
  logout: '退出',
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

const PAGE = 5000
const MAX_PAGES = 20

export default function AuditTab() {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null)
  const [verdict, setVerdict] = useState<AuditVerdict | null>(null)
  const [names, setNames] = useState<Map<string, string>>(new Map())
  const [error, setError] = useState<string | null>(null)
  const [user, setUser] = useState('')
  const [action, setAction] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')

  useEffect(() => {
    let cancelled = false
    void (async () => {
      try {
        const all: AuditEntry[] = []
        let last: AuditVerdict | null = null
        for (let page = 0; page < MAX_PAGES; page++) {
          const answer = await fetchAudit(all.at(-1)?.id ?? 0, PAGE)
          all.push(...answer.entries)
          last = answer.verified
          if (answer.entries.length < PAGE) break
        }
        const users = await fetchUsers()
        if (cancelled) return
        setEntries(all.reverse())
        setVerdict(last)
        setNames(new Map(users.map((u) => [u.id, `${u.displayName}（${u.username}）`])))
      } catch (failure) {
        if (!cancelled) setError(errorMessage(failure))
      }
    })()
    return () => {
      cancelled = true
    }
  }, [])

  const actions = useMemo(
    () => [...new Set((entries ?? []).map((e) => e.action))].sort(),
    [entries],
  )
  const shown = useMemo(() => {
    const needle = user.trim().toLowerCase()
    return (entries ?? []).filter((e) => {
      if (action && e.action !== action) return false
      // dates compare in the browser's day (Asia/Shanghai for its users)
      const day = new Date(e.at).toLocaleDateString('sv-SE')
      if (from && day < from) return false
      if (to && day > to) return false
      if (needle) {
        const who = (e.userId ? (names.get(e.userId) ?? e.userId) : '').toLowerCase()
        const named = String(e.detail.username ?? '').toLowerCase()
        if (!who.includes(needle) && !named.includes(needle)) return false
      }
      return true
    })
  }, [entries, user, action, from, to, names])

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
        <input
          type="search"
          name="audit-user"
          placeholder="用户（姓名或用户名）"
          aria-label="按用户筛选"
          value={user}
          onChange={(e) => setUser(e.target.value)}
        />
        <select
          name="audit-action"
          aria-label="按操作筛选"
          value={action}
          onChange={(e) => setAction(e.target.value)}
        >
          <option value="">全部操作</option>
          {actions.map((a) => (
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
          显示 {Math.min(shown.length, 500)} / {shown.length} 条（共 {entries.length} 条）
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
            {shown.slice(0, 500).map((e) => (
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
    </section>
  )
}
