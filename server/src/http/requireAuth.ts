/**
 * @module http/requireAuth
 * `requireAuth`: the caller's session from `Authorization: Bearer TOKEN` or the
 * HttpOnly cookie `taizhang_session` (SPEC §6.3); 401 JSON without a valid one.
 * Sets `user` and `token` on the context.
 * Not for: what a session is (auth/sessions) or what the user may do (the routes ask
 * schema's permission rules).
 */
import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { SESSION_COOKIE, type Sessions } from '../auth/sessions'
import type { AppEnv } from './context'
import { unauthenticated } from './errors'

/** The token a request carries, header first, then cookie. */
function requestToken(c: Parameters<MiddlewareHandler>[0]): string | undefined {
  const header = c.req.header('authorization')
  const match = header?.match(/^Bearer\s+(\S+)$/i)
  return match?.[1] ?? getCookie(c, SESSION_COOKIE) ?? undefined
}

export const requireAuth = ({ sessions }: { sessions: Sessions }): MiddlewareHandler<AppEnv> =>
  async function requireAuth(c, next) {
    const token = requestToken(c)
    const user = token ? await sessions.authenticate(token) : null
    if (!user || !token) throw unauthenticated(token ? '登录已过期，请重新登录' : '请先登录')
    c.set('user', user)
    c.set('token', token)
    await next()
  }
