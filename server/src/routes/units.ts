/**
 * @module routes/units
 * The unit tree over HTTP (SPEC §6.3): `GET /api/units` shows the caller's own
 * subtrees and the names on the path above them, nothing else; `POST /api/units
 * {name, parentId, level}` → `{id}` for an admin of the parent (a district: the
 * tree's admin). A level may be skipped (a grid directly under a township) but never
 * go upwards.
 * Administration (SPEC §11): `PATCH /api/units/:id {name?, parentId?}` renames
 * (no two siblings of one name) and moves within the caller's subtrees (never under the
 * unit itself or below it, always under a higher level); `POST /api/units/:id/archive`
 * archives the unit and everything below it: hidden from pickers and new work (no new
 * sheets, units or roles there), its sheets stay readable, the 汇总 keeps their figures.
 * `GET /api/units` marks archived units `archived: true`. Every change is audited.
 */
import { UNIT_LEVELS, canAdminister } from '@taizhang/schema'
import { Hono } from 'hono'
import { z } from 'zod'
import { unitTree } from '../auth/unitTree'
import { unitLabel, visibleUnits } from '../auth/visibleUnits'
import { readBody } from '../http/body'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { ApiError, badRequest, conflict, forbidden, notFound } from '../http/errors'
import { isArchived } from '../admin/scope'
import type { Unit } from '../storage/UnitStore'
import type { UnitTree } from '@taizhang/schema'
import { requireAuth } from '../http/requireAuth'

const PatchBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    parentId: z.string().min(1).optional(),
  })
  .strict()

const archived = (unit: Unit) => new ApiError(409, 'unit-archived', `单位“${unit.name}”已归档`)

/** A sibling (same parent) already called `name`, other than `exceptId`. */
const siblingNamed = (tree: UnitTree<Unit>, parentId: string | null, name: string, exceptId = '') =>
  tree.units.find((u) => u.parentId === parentId && u.name === name && u.id !== exceptId)

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
      const units = visibleUnits(tree, c.get('user')).map((u) =>
        isArchived(tree, u.id) ? { ...u, archived: true } : u,
      )
      return c.json({ units })
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
      if (parent && isArchived(tree, parent.id)) throw archived(parent)
      const unit = await store.units.create(body)
      audit({
        userId: c.get('user').id,
        action: 'unit-create',
        detail: { unitId: unit.id, ...body },
      })
      return c.json({ id: unit.id }, 201)
    })
    .patch('/:id', auth, async (c) => {
      const body = await readBody(c, PatchBody)
      const user = c.get('user')
      const tree = await unitTree(store)
      const unit = tree.get(c.req.param('id'))
      if (!unit || !canAdminister(tree, user, unit.id)) {
        // a unit the caller may read is named in a 403; anything else is simply not there
        if (unit && visibleUnits(tree, user).some((u) => u.id === unit.id && !u.pathOnly)) {
          throw forbidden(`没有管理${unitLabel(tree, user, unit.id)}的权限`)
        }
        throw notFound('单位不存在')
      }
      const before: Record<string, unknown> = {}
      const after: Record<string, unknown> = {}
      const name = body.name ?? unit.name
      if (body.parentId !== undefined && body.parentId !== unit.parentId) {
        const parent = tree.get(body.parentId)
        if (!parent || !canAdminister(tree, user, parent.id)) {
          throw forbidden('只能移动到您管理的单位下')
        }
        if (unit.parentId === null) throw badRequest('区县不能移动', 'bad-move')
        if (tree.pathUp(parent.id).some((u) => u.id === unit.id)) {
          throw badRequest('不能移动到本单位或其下级单位之下', 'cycle')
        }
        if (UNIT_LEVELS.indexOf(unit.level) <= UNIT_LEVELS.indexOf(parent.level)) {
          throw badRequest('下级单位的层级必须低于上级单位', 'bad-level')
        }
        if (isArchived(tree, parent.id)) throw archived(parent)
        if (siblingNamed(tree, parent.id, name, unit.id)) {
          throw conflict(`“${parent.name}”下已有名为“${name}”的单位`, 'name-taken')
        }
        // the caller must also administer where the unit comes from (it does: canAdminister(unit))
        before.parentId = unit.parentId
        after.parentId = parent.id
      }
      if (body.name !== undefined && body.name !== unit.name) {
        if (after.parentId === undefined && siblingNamed(tree, unit.parentId, name, unit.id)) {
          throw conflict(`同一上级下已有名为“${name}”的单位`, 'name-taken')
        }
        before.name = unit.name
        after.name = body.name
      }
      if (Object.keys(after).length > 0) {
        await store.units.update(unit.id, after)
        audit({
          userId: user.id,
          action: after.parentId !== undefined ? 'unit-move' : 'unit-rename',
          detail: { unitId: unit.id, before, after },
        })
      }
      const updated = (await unitTree(store)).get(unit.id)!
      return c.json({
        unit: {
          id: updated.id,
          name: updated.name,
          parentId: updated.parentId,
          level: updated.level,
        },
      })
    })
    .post('/:id/archive', auth, async (c) => {
      const user = c.get('user')
      const tree = await unitTree(store)
      const unit = tree.get(c.req.param('id'))
      if (!unit || !canAdminister(tree, user, unit.id)) throw notFound('单位不存在')
      // archiving the unit one administers through its own grant would lock it out:
      // only an admin above it (a district: the tree's admin) archives a unit
      if (!canAdminister(tree, user, unit.parentId)) {
        throw forbidden('只有上级单位的管理员可以归档本单位')
      }
      if (unit.archivedAt) return c.json({ archived: 0 })
      const at = new Date().toISOString()
      const below = tree.subtree(unit.id).filter((u) => !u.archivedAt)
      for (const u of below) await store.units.archive(u.id, at)
      audit({
        userId: user.id,
        action: 'unit-archive',
        detail: { unitId: unit.id, name: unit.name, units: below.map((u) => u.id) },
      })
      return c.json({ archived: below.length })
    })
}
