/**
 * @module routes/syncTicket
 * `POST /api/sync-ticket` → `{ticket, expiresAt}`: a single-use ticket for ONE sync socket
 * (`/sync/:sheetId?ticket=…`), valid for 30 s and bound to the caller's session
 * (auth/syncTickets). The web app asks for one before every (re)connect, so its session
 * token never goes into a URL. Bearer token only, like every request that changes state.
 */
import { Hono } from 'hono'
import { hashToken } from '../auth/sessions'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { ApiError } from '../http/errors'
import { requireAuth } from '../http/requireAuth'

export function syncTicketRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().post('/sync-ticket', requireAuth(deps), async (c) => {
    if (!deps.tickets) throw new ApiError(404, 'not-found', '此服务器不提供同步凭证')
    const { ticket, expiresAt } = await deps.tickets.issue(
      hashToken(c.get('token')),
      c.get('user').id,
    )
    c.header('Cache-Control', 'no-store')
    return c.json({ ticket, expiresAt: expiresAt.toISOString() })
  })
}
