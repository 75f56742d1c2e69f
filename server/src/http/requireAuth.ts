/**
 * @module http/requireAuth
 * `requireAuth`: the caller's session from `Authorization: Bearer TOKEN` or, for reading
 * requests only (GET, HEAD), the HttpOnly cookie `taizhang_session` (SPEC §6.3); 401 JSON
 * without a valid one. Sets `user` and `token` on the context.
 * The cookie never authenticates a request that changes something (POST, PUT, PATCH,
 * DELETE): a browser attaches it to a form or `fetch` from any other site too (a
 * `text/plain` POST needs no CORS preflight), so it would let that site act in the user's
 * name (CSRF; docs/RELIABILITY.md §4). The web app sends the bearer header; a page elsewhere
 * cannot read or set it.
 * A user who must change its password (imported, or reset by an admin: SPEC §11) gets 403
 * `password-change-required` everywhere except the routes made with `allowPasswordChange`
 * (logout, `POST /api/me/password`).
 * Not for: what a session is (auth/sessions) or what the user may do (the routes ask
 * schema's permission rules).
 */
import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { SESSION_COOKIE, type Sessions } from '../auth/sessions'
import type { AppEnv } from './context'
import { ApiError, unauthenticated } from './errors'

/** Methods that only read: the cookie may authenticate these (a plain link, a reload). */
const READING_METHODS = new Set(['GET', 'HEAD'])

/** The token a request carries: the bearer header, else (reading requests only) the cookie. */
function requestToken(c: Parameters<MiddlewareHandler>[0]): string | undefined {
  const header = c.req.header('authorization')
  const match = header?.match(/^Bearer\s+(\S+)$/i)
  if (match?.[1]) return match[1]
  return READING_METHODS.has(c.req.method) ? getCookie(c, SESSION_COOKIE) || undefined : undefined
}

/** The answer to a user who must choose a new password first (SPEC §11). */
export const passwordChangeRequired = () =>
  new ApiError(403, 'password-change-required', '请先修改密码后再继续使用')

export const requireAuth = ({
  sessions,
  allowPasswordChange = false,
}: {
  sessions: Sessions
  /** Let a user who must change its password through (logout, the change itself). */
  allowPasswordChange?: boolean
}): MiddlewareHandler<AppEnv> =>
  async function requireAuth(c, next) {
    const token = requestToken(c)
    if (!token && getCookie(c, SESSION_COOKIE)) {
      throw unauthenticated('此操作需要在 Authorization 请求头中携带登录令牌（Cookie 只用于读取）')
    }
    const user = token ? await sessions.authenticate(token) : null
    if (!user || !token) throw unauthenticated(token ? '登录已过期，请重新登录' : '请先登录')
    if (user.mustChangePassword && !allowPasswordChange) throw passwordChangeRequired()
    c.set('user', user)
    c.set('token', token)
    await next()
  }
