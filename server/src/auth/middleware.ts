/**
 * @module auth/middleware
 * `requireAuth`: the caller's session from `Authorization: Bearer TOKEN` or the
 * HttpOnly cookie `taizhang_session` (SPEC §6.3); 401 JSON without a valid one.
 * Sets `user` and `token` on the context.
 */
import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { unauthenticated } from '../http/errors'
import type { AppEnv } from '../http/context'
import { SESSION_COOKIE, type Sessions } from './sessions'

/** The token a request carries, header first, then cookie. */
export function requestToken(c: Parameters<MiddlewareHandler>[0]): string | undefined {
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
