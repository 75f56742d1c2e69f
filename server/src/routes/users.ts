/**
 * @module routes/users
 * `POST /api/users {username, password, displayName, grants:[{unitId, role}]}` → `{id}`
 * (SPEC §6.3), admin only: the tree's admin, or an admin of every unit granted.
 * `POST /api/users/:id/grants {grants}` adds roles, `POST /api/users/:id/grants/revoke
 * {grants}` withdraws them; either closes the user's live sync connections, so each
 * reconnect is checked against the new roles (issue 6: revoking a role takes effect at once).
 * A unit admin changes only users it sees (a grant in its subtrees, `admin/scope`: else 404),
 * never at an archived unit; a new user's password follows schema's `passwordProblem`.
 * Listing, editing and passwords: `routes/userAdmin`.
 */
import { ROLES, canAdminister, passwordProblem, syncClose } from '@taizhang/schema'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { seesUser } from '../admin/scope'
import { hashPool } from '../auth/hashPool'
import { unitTree } from '../auth/unitTree'
import { unitLabel } from '../auth/visibleUnits'
import { readBody } from '../http/body'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { ApiError, badRequest, conflict, forbidden, notFound } from '../http/errors'
import { requireAuth } from '../http/requireAuth'
import type { User } from '../storage/UserStore'
import { refuseArchivedGrants } from './userAdmin'

const Grants = z.array(z.object({ unitId: z.string().min(1), role: z.enum(ROLES) })).max(200)

const GrantsBody = z.object({ grants: Grants.min(1) })

const UserBody = z.object({
  username: z
    .string()
    .trim()
    .min(2)
    .max(64)
    .regex(/^[^\s/\\]+$/, '用户名不能包含空格或斜杠'),
  password: z.string().min(8).max(200),
  displayName: z.string().trim().min(1).max(100),
  grants: Grants.default([]),
})

export function userRoutes({ store, sessions, rooms, audit = () => {} }: AppDeps) {
  // per route, not `.use()`: an unknown path stays a 404 even without a session
  const auth = requireAuth({ sessions })
  /** Only an admin, and only for units it administers. */
  const checkGrantable = async (user: User, grants: z.infer<typeof Grants>) => {
    const tree = await unitTree(store)
    if (!user.isAdmin && !user.grants.some((g) => g.role === 'admin')) {
      throw forbidden('只有管理员可以管理用户和授权')
    }
    for (const g of grants) {
      const unit = tree.get(g.unitId)
      if (!unit) throw badRequest(`单位 ${g.unitId} 不存在`, 'unknown-unit')
      if (!canAdminister(tree, user, g.unitId))
        throw forbidden(`没有在${unitLabel(tree, user, g.unitId)}授权的权限`)
    }
    return tree
  }

  const changeGrants = (action: 'grant' | 'revoke') =>
    async function changeGrants(c: Context<AppEnv>) {
      const body = await readBody(c, GrantsBody)
      const user = c.get('user')
      const tree = await checkGrantable(user, body.grants)
      const target = await store.users.byId(c.req.param('id') ?? '')
      if (!target || !seesUser(tree, user, target)) throw notFound('用户不存在')
      if (action === 'grant') refuseArchivedGrants(tree, body.grants)
      if (action === 'grant') await store.users.addGrants(target.id, body.grants)
      else await store.users.removeGrants(target.id, body.grants)
      // open sync connections were authorised under the old roles: close them with a
      // retryable code (`rolesChanged`: the stock provider reconnects), so each reconnect is
      // judged by the new roles (`forbidden`, final, when the sheet is no longer readable)
      rooms.closeUserConnections(target.id, ...syncClose('rolesChanged'))
      audit({
        userId: user.id,
        action: action === 'grant' ? 'grant-add' : 'grant-revoke',
        detail: { userId: target.id, username: target.username, grants: body.grants },
      })
      return c.json({ grants: (await store.users.byId(target.id))!.grants })
    }

  return new Hono<AppEnv>()
    .post('/:id/grants', auth, changeGrants('grant'))
    .post('/:id/grants/revoke', auth, changeGrants('revoke'))
    .post('/', auth, async (c) => {
      const body = await readBody(c, UserBody)
      const user = c.get('user')
      const tree = await checkGrantable(user, body.grants)
      refuseArchivedGrants(tree, body.grants)
      // a unit admin's user must hold a role in its subtree, or it could never see it again
      if (!user.isAdmin && body.grants.length === 0) {
        throw badRequest('请至少授予一个角色', 'no-grants')
      }
      const problem = passwordProblem(body.password, body.username)
      if (problem) throw new ApiError(422, 'weak-password', problem)
      if (await store.users.byUsername(body.username)) {
        throw conflict(`用户名“${body.username}”已存在`, 'username-taken')
      }
      const created = await store.users.create({
        username: body.username,
        displayName: body.displayName,
        passwordHash: await hashPool().hash(body.password),
        grants: body.grants,
      })
      audit({
        userId: user.id,
        action: 'user-create',
        detail: { id: created.id, username: body.username, grants: body.grants },
      })
      return c.json({ id: created.id }, 201)
    })
}
