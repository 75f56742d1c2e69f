/**
 * @module routes/logoutEverywhere
 * `POST /api/logout-everywhere` → `{ok, sessions}`: "log out everywhere" (docs/RELIABILITY.md §4).
 * Ends every session of the caller — this browser, other devices, a token a script or a
 * thief holds — and its unused sync tickets, and closes all the caller's open sync sockets
 * with 4401 (on every node of a cluster), so nothing keeps reading or writing. Bearer only.
 */
import { syncClose } from '@taizhang/schema'
import { Hono } from 'hono'
import { deleteCookie } from 'hono/cookie'
import { SESSION_COOKIE } from '../auth/sessions'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { requireAuth } from '../http/requireAuth'

export function logoutEverywhereRoutes(deps: AppDeps) {
  const { sessions, rooms, audit = () => {} } = deps
  return new Hono<AppEnv>().post(
    '/logout-everywhere',
    // a logout like `/api/logout`: a user who must change its password first may still end its sessions
    requireAuth({ sessions, allowPasswordChange: true }),
    async (c) => {
      const user = c.get('user')
      const ended = await sessions.revokeAll(user.id)
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      rooms.closeUserConnections(user.id, ...syncClose('unauthenticated', '已在所有设备上退出登录'))
      audit({ userId: user.id, action: 'logout-everywhere', detail: { sessions: ended } })
      return c.json({ ok: true, sessions: ended })
    },
  )
}
