/**
 * @module routes/me
 * `POST /api/me/password {oldPassword, newPassword}` (SPEC §11): the user changes its own
 * password. With logout, the one route open to a user who must change its password
 * (imported, or reset by an admin); a success lifts that. What a new password may be:
 * schema's `passwordProblem` (≥ 8 characters, not the username, not a common one).
 * Wrong old passwords count toward the login throttle of the username (429 + Retry-After).
 * Audited without either password.
 */
import { PASSWORD_MAX_LENGTH, passwordProblem } from '@taizhang/schema'
import { Hono } from 'hono'
import { z } from 'zod'
import { hashPool } from '../auth/hashPool'
import { verifyPassword } from '../auth/passwords'
import { readBody } from '../http/body'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { ApiError } from '../http/errors'
import { requireAuth } from '../http/requireAuth'
import { weakPassword } from './userAdmin'

const ChangeBody = z.object({
  oldPassword: z.string().min(1).max(500),
  newPassword: z.string().max(PASSWORD_MAX_LENGTH),
})

export function meRoutes({ store, sessions, throttle, audit = () => {} }: AppDeps) {
  return new Hono<AppEnv>().post(
    '/password',
    requireAuth({ sessions, allowPasswordChange: true }),
    async (c) => {
      const body = await readBody(c, ChangeBody)
      const user = c.get('user')
      // guessing the old password counts like failed logins (a stolen session is no shortcut)
      const wait = throttle.retryAfter(user.username, `password-change:${user.id}`)
      if (wait > 0) {
        throw new ApiError(
          429,
          'too-many-attempts',
          `原密码错误次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`,
          {},
          { 'Retry-After': String(wait) },
        )
      }
      const stored = await store.users.byUsername(user.username)
      if (!stored || !(await verifyPassword(body.oldPassword, stored.passwordHash))) {
        throttle.recordFailure(user.username, `password-change:${user.id}`)
        audit({ userId: user.id, action: 'password-change-failed' })
        throw new ApiError(400, 'wrong-password', '原密码不正确')
      }
      const problem = passwordProblem(body.newPassword, user.username)
      if (problem) throw weakPassword(problem)
      if (body.newPassword === body.oldPassword) throw weakPassword('新密码不能与原密码相同')
      await store.users.update(user.id, {
        passwordHash: await hashPool().hash(body.newPassword),
        mustChangePassword: false,
      })
      audit({
        userId: user.id,
        action: 'password-change',
        detail: { mustChangePassword: user.mustChangePassword ?? false },
      })
      return c.json({ ok: true })
    },
  )
}
