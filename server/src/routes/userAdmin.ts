/**
 * @module routes/userAdmin
 * Looking after people (SPEC §11), for admins, within their subtrees
 * (`admin/scope`): a user outside them is 404, one only partly inside 403.
 * - `GET /api/users[?unit=ID][&q=TEXT]` → `{users:[{id, username, displayName, disabled,
 *   grants, lastLoginAt, mustChangePassword, manageable}]}`: users holding a grant in the
 *   caller's subtrees (with `unit`, in that unit's subtree), only the grants it may see.
 * - `PATCH /api/users/:id {displayName?, disabled?}`: disabling ends the user's sessions
 *   and closes its sync sockets at once (close code 4401); an admin cannot disable itself.
 * - `POST /api/users/:id/password {password?}` (an admin's reset; without `password` one is
 *   generated and answered once as `{password}`): the user must choose a new password at
 *   its next login; its sessions and sockets end.
 * (`POST /api/me/password`, the user's own change: `routes/me`.)
 * Every change is audited with before → after, never a password or hash.
 */
import { PASSWORD_MAX_LENGTH, passwordProblem, syncClose } from '@taizhang/schema'
import { Hono } from 'hono'
import { z } from 'zod'
import { isArchived, managesUser, requireSomeAdmin, seesUser, visibleGrants } from '../admin/scope'
import { hashPool } from '../auth/hashPool'
import { generatePassword } from '../auth/passwords'
import { unitTree } from '../auth/unitTree'
import { readBody } from '../http/body'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { ApiError, badRequest, forbidden, notFound } from '../http/errors'
import { requireAuth } from '../http/requireAuth'
import type { User } from '../storage/UserStore'
import { canAdminister } from '@taizhang/schema'

const PatchBody = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    disabled: z.boolean().optional(),
  })
  .strict()

const ResetBody = z.object({ password: z.string().max(PASSWORD_MAX_LENGTH).optional() })

/** A user as the admin pages list it. */
export function adminUserView(tree: Parameters<typeof visibleGrants>[0], caller: User, u: User) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    disabled: u.disabled,
    isAdmin: u.isAdmin,
    grants: visibleGrants(tree, caller, u),
    lastLoginAt: u.lastLoginAt ?? null,
    mustChangePassword: u.mustChangePassword ?? false,
    manageable: managesUser(tree, caller, u),
  }
}

export const weakPassword = (message: string) => new ApiError(422, 'weak-password', message)

export function userAdminRoutes({ store, sessions, rooms, audit = () => {} }: AppDeps) {
  const auth = requireAuth({ sessions })

  /** The target user, when the caller may change its account (404 unseen, 403 not all its). */
  const manageable = async (caller: User, id: string) => {
    const tree = await unitTree(store)
    const target = await store.users.byId(id)
    if (!target || !seesUser(tree, caller, target)) throw notFound('用户不存在')
    if (!managesUser(tree, caller, target)) {
      throw forbidden('该用户在您管理范围之外的单位也有角色，请由上级管理员操作')
    }
    return { tree, target }
  }

  /** Ends every session and live socket of a user (disabled, or its password reset). */
  const signOut = async (userId: string, why: string) => {
    await store.sessions.deleteForUser(userId)
    rooms.closeUserConnections(userId, ...syncClose('unauthenticated', why))
  }

  return new Hono<AppEnv>()
    .get('/', auth, async (c) => {
      const caller = c.get('user')
      requireSomeAdmin(caller)
      const tree = await unitTree(store)
      const unitId = c.req.query('unit')
      let inUnit: Set<string> | null = null
      if (unitId) {
        if (!tree.has(unitId) || !canAdminister(tree, caller, unitId)) {
          throw notFound('单位不存在')
        }
        inUnit = new Set(tree.subtree(unitId).map((u) => u.id))
      }
      const q = (c.req.query('q') ?? '').trim().toLowerCase().slice(0, 100)
      const all = await store.users.list()
      const list = all
        .filter((u) => seesUser(tree, caller, u))
        .filter((u) => !inUnit || u.grants.some((g) => inUnit.has(g.unitId)))
        .filter(
          (u) =>
            !q || u.username.toLowerCase().includes(q) || u.displayName.toLowerCase().includes(q),
        )
        .map((u) => adminUserView(tree, caller, u))
      c.header('Cache-Control', 'no-store')
      return c.json({ users: list })
    })
    .patch('/:id', auth, async (c) => {
      const body = await readBody(c, PatchBody)
      const caller = c.get('user')
      requireSomeAdmin(caller)
      const { tree, target } = await manageable(caller, c.req.param('id'))
      if (body.disabled === true && target.id === caller.id) {
        throw badRequest('不能停用自己的账号', 'self-disable')
      }
      const before: Record<string, unknown> = {}
      const after: Record<string, unknown> = {}
      if (body.displayName !== undefined && body.displayName !== target.displayName) {
        before.displayName = target.displayName
        after.displayName = body.displayName
      }
      if (body.disabled !== undefined && body.disabled !== target.disabled) {
        before.disabled = target.disabled
        after.disabled = body.disabled
      }
      if (Object.keys(after).length > 0) {
        await store.users.update(target.id, after)
        if (after.disabled === true) await signOut(target.id, '账号已停用')
        audit({
          userId: caller.id,
          action:
            after.disabled === true
              ? 'user-disable'
              : after.disabled === false
                ? 'user-enable'
                : 'user-update',
          detail: { userId: target.id, username: target.username, before, after },
        })
      }
      const updated = (await store.users.byId(target.id))!
      return c.json({ user: adminUserView(tree, caller, updated) })
    })
    .post('/:id/password', auth, async (c) => {
      const body = await readBody(c, ResetBody)
      const caller = c.get('user')
      requireSomeAdmin(caller)
      const { target } = await manageable(caller, c.req.param('id'))
      const generated = body.password === undefined
      const password = body.password ?? generatePassword()
      const problem = passwordProblem(password, target.username)
      if (problem) throw weakPassword(problem)
      const passwordHash = await hashPool().hash(password)
      // the caller resetting its own password chose it: nothing to change at next login
      const mustChangePassword = target.id !== caller.id
      await store.users.update(target.id, { passwordHash, mustChangePassword })
      if (target.id !== caller.id) await signOut(target.id, '密码已被管理员重置')
      audit({
        userId: caller.id,
        action: 'password-reset',
        detail: { userId: target.id, username: target.username, generated, mustChangePassword },
      })
      return c.json(generated ? { ok: true, password } : { ok: true })
    })
}

/** For the unit routes and imports: a grant's unit must be live (not archived). */
export function refuseArchivedGrants(
  tree: Parameters<typeof isArchived>[0],
  grants: readonly { unitId: string }[],
): void {
  for (const g of grants) {
    if (tree.has(g.unitId) && isArchived(tree, g.unitId)) {
      throw new ApiError(409, 'unit-archived', `单位“${tree.get(g.unitId)!.name}”已归档，不能授权`)
    }
  }
}
