/**
 * @module routes/rectificationExport
 * `GET /api/units/:id/rectifications/export?format=xlsx[&status=S][&overdue=1]` — the 整改台账 of
 * a unit and below (SPEC §9) as xlsx, the items the caller may read (export/rectificationXlsx).
 * Anyone with a role at the unit or above may export (a sibling's user gets 403, an unknown
 * unit 404); a heavy GET (rate-limited per user).
 */
import { canRead, RECTIFICATION_STATUSES, type RectificationStatus } from '@taizhang/schema'
import { Hono } from 'hono'
import { unitTree } from '../auth/unitTree'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { download, safeFileName } from '../http/download'
import { badRequest, forbidden, notFound } from '../http/errors'
import { heavyLimit } from '../http/heavyLimit'
import { requireAuth } from '../http/requireAuth'
import { listItems } from '../rectification/listItems'

export function rectificationExportRoutes(deps: AppDeps) {
  const { store, sessions, audit = () => {} } = deps
  const auth = requireAuth({ sessions })
  const heavy = heavyLimit(deps)
  return new Hono<AppEnv>().get('/:id/rectifications/export', auth, heavy, async (c) => {
    const user = c.get('user')
    const tree = await unitTree(store)
    const unitId = c.req.param('id')
    const unit = tree.get(unitId)
    if (!unit) throw notFound('单位不存在')
    if (!canRead(tree, user, unitId)) throw forbidden('没有查看该单位的权限')
    const format = c.req.query('format') ?? 'xlsx'
    if (format !== 'xlsx') throw badRequest('整改台账只能导出为 xlsx', 'bad-format')
    const status = c.req.query('status')
    if (status && !(RECTIFICATION_STATUSES as readonly string[]).includes(status)) {
      throw badRequest(`status 应为 ${RECTIFICATION_STATUSES.join('、')} 之一`, 'bad-query')
    }
    const items = await listItems(store, tree, user, {
      unitId,
      status: status as RectificationStatus | undefined,
      overdue: c.req.query('overdue') === '1',
    })
    const title = `${unit.name}整改台账`
    // loaded on first export: exceljs would slow every server start
    const { writeRectificationXlsx } = await import('../export/rectificationXlsx')
    const bytes = await writeRectificationXlsx(items, { title })
    audit({
      userId: user.id,
      action: 'rectification-export',
      detail: { unitId, format, items: items.length },
    })
    return download(c, bytes, 'xlsx', safeFileName(title, 'xlsx'))
  })
}
