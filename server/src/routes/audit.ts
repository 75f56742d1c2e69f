/**
 * @module routes/audit
 * `GET /api/audit?after=ID&limit=N` — the hash-chained audit log for the tree's admins
 * (SPEC §11: admins read and export it): `{entries, verified}` where `verified` is the chain
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

export function auditRoutes({ sessions, auditLog, audit = () => {} }: AppDeps) {
  const auth = requireAuth({ sessions })
  return new Hono<AppEnv>().get('/', auth, async (c) => {
    const user = c.get('user')
    if (!user.isAdmin) throw forbidden('只有系统管理员可以查看审计日志')
    if (!auditLog) throw notFound('审计日志不可用')
    const after = Number(c.req.query('after') ?? 0)
    const limit = Number(c.req.query('limit') ?? 1000)
    if (!Number.isInteger(after) || after < 0 || !Number.isInteger(limit) || limit < 1) {
      throw badRequest('after 和 limit 须为非负整数', 'bad-query')
    }
    const entries = await auditLog.read({ afterId: after, limit: Math.min(limit, MAX_LIMIT) })
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
