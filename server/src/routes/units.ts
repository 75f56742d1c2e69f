/**
 * @module routes/units
 * The unit tree over HTTP (SPEC §6.3): `GET /api/units` shows the caller's own
 * subtrees and the names on the path above them, nothing else; `POST /api/units
 * {name, parentId, level}` → `{id}` for an admin of the parent (a district: the
 * tree's admin). A level may be skipped (a grid directly under a township) but never
 * go upwards.
 */
import { UNIT_LEVELS, canAdminister } from '@taizhang/schema'
import { Hono } from 'hono'
import { z } from 'zod'
import { unitTree } from '../auth/unitTree'
import { unitLabel, visibleUnits } from '../auth/visibleUnits'
import { readBody } from '../http/body'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { badRequest, forbidden } from '../http/errors'
import { requireAuth } from '../http/requireAuth'

const UnitBody = z.object({
  name: z.string().trim().min(1).max(100),
  parentId: z.string().min(1).nullable(),
  level: z.enum(UNIT_LEVELS),
})

export function unitRoutes({ store, sessions, audit = () => {} }: AppDeps) {
  // per route, not `.use()`: an unknown path stays a 404 even without a session
  const auth = requireAuth({ sessions })
  return new Hono<AppEnv>()
    .get('/', auth, async (c) => {
      const tree = await unitTree(store)
      return c.json({ units: visibleUnits(tree, c.get('user')) })
    })
    .post('/', auth, async (c) => {
      const body = await readBody(c, UnitBody)
      const tree = await unitTree(store)
      const parent = body.parentId === null ? null : tree.get(body.parentId)
      if (body.parentId !== null && !parent) throw badRequest('上级单位不存在', 'unknown-parent')
      if (!canAdminister(tree, c.get('user'), body.parentId)) {
        throw forbidden(
          parent
            ? `没有在${unitLabel(tree, c.get('user'), parent.id)}下新建单位的权限`
            : '只有管理员可以新建区县',
        )
      }
      if ((parent === null) !== (body.level === 'district')) {
        throw badRequest('区县（district）没有上级单位，其他层级必须有上级单位', 'bad-level')
      }
      if (parent && UNIT_LEVELS.indexOf(body.level) <= UNIT_LEVELS.indexOf(parent.level)) {
        throw badRequest('下级单位的层级必须低于上级单位', 'bad-level')
      }
      const unit = await store.units.create(body)
      audit({
        userId: c.get('user').id,
        action: 'unit-create',
        detail: { unitId: unit.id, ...body },
      })
      return c.json({ id: unit.id }, 201)
    })
}
