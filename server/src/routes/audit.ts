/**
 * @module routes/audit
 * `GET /api/audit?after=ID&limit=N` — the hash-chained audit log for the tree's admins
 * (SPEC §11: admins read and export it), filtered in the database (`audit/auditQuery`) with
 * `user=ID`, `action=A`, `from=YYYY-MM-DD`, `to=YYYY-MM-DD` (days in Asia/Shanghai) and
 * `order=desc` with `before=ID` (newest first, paging back): `{entries, verified}` where `verified` is the chain
 * check over the whole log (`{ok, entries}` or `{ok: false, brokenAt, reason}`), or with
 * `format=jsonl` the entries as JSON lines for download. Nobody else may read it: it names
 * users and units across the whole tree.
 */
import { Hono } from 'hono'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { badRequest, forbidden, notFound } from '../http/errors'
import { requireAuth } from '../http/requireAuth'

const MAX_LIMIT = 5000
const DAY = /^\d{4}-\d{2}-\d{2}$/

export function auditRoutes({ sessions, auditLog, audit = () => {} }: AppDeps) {
  const auth = requireAuth({ sessions })
  return new Hono<AppEnv>().get('/', auth, async (c) => {
    const user = c.get('user')
    if (!user.isAdmin) throw forbidden('只有系统管理员可以查看审计日志')
    if (!auditLog) throw notFound('审计日志不可用')
    const after = Number(c.req.query('after') ?? 0)
    const before = Number(c.req.query('before') ?? 0)
    const limit = Number(c.req.query('limit') ?? 1000)
    if (![after, before].every((n) => Number.isInteger(n) && n >= 0)) {
      throw badRequest('after 和 before 须为非负整数', 'bad-query')
    }
    if (!Number.isInteger(limit) || limit < 1) throw badRequest('limit 须为正整数', 'bad-query')
    const day = (name: 'from' | 'to') => {
      const value = c.req.query(name)
      if (value === undefined || value === '') return undefined
      if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
        throw badRequest(`${name} 须为日期，格式 YYYY-MM-DD`, 'bad-query')
      }
      return value
    }
    const text = (name: 'user' | 'action') => {
      const value = c.req.query(name)?.trim()
      if (!value) return undefined
      if (value.length > 64) throw badRequest(`${name} 过长`, 'bad-query')
      return value
    }
    const order = c.req.query('order')
    if (order !== undefined && order !== 'asc' && order !== 'desc') {
      throw badRequest('order 须为 asc 或 desc', 'bad-query')
    }
    const entries = await auditLog.read({
      afterId: after,
      beforeId: before,
      limit: Math.min(limit, MAX_LIMIT),
      userId: text('user'),
      action: text('action'),
      fromDay: day('from'),
      toDay: day('to'),
      newestFirst: order === 'desc',
    })
    audit({ userId: user.id, action: 'audit-export', detail: { after, count: entries.length } })
    c.header('Cache-Control', 'no-store')
    if (c.req.query('format') === 'jsonl') {
      c.header('Content-Disposition', 'attachment; filename="audit.jsonl"')
      return c.body(entries.map((e) => JSON.stringify(e)).join('\n') + '\n', 200, {
        'Content-Type': 'text/plain; charset=utf-8',
      })
    }
    return c.json({ entries, verified: await auditLog.verify() })
  })
}
