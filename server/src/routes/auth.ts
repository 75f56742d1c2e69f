/**
 * @module routes/auth
 * Sign-in and sign-out (SPEC §6.3): `POST /api/login` → `{token, user}` plus the
 * HttpOnly cookie (`Secure` over TLS; it authenticates reading requests only, see
 * http/requireAuth), throttled per username and per address (429 + Retry-After);
 * the answer adds `mustChangePassword` (SPEC §11: imported and reset accounts choose a new
 * password first);
 * `POST /api/logout` ends the session and closes the user's live sync connections;
 * `GET /api/me` → `{user}`.
 */
import { getConnInfo } from '@hono/node-server/conninfo'
import { syncClose, type User as PublicUser } from '@taizhang/schema'
import { Hono, type Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { LoginGate } from '../auth/loginGate'
import { hashPassword, needsRehash, verifyPassword } from '../auth/passwords'
import { SESSION_COOKIE } from '../auth/sessions'
import { readBody } from '../http/body'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { ApiError } from '../http/errors'
import { requireAuth } from '../http/requireAuth'
import type { User } from '../storage/UserStore'

const LoginBody = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(500),
})

/** The user as the API shows it (never the password hash). */
export const publicUser = (u: User): PublicUser => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  isAdmin: u.isAdmin,
  grants: u.grants,
})

/** Longest address kept as a throttle key (IPv6 with a zone fits; anything longer is junk). */
const MAX_ADDRESS_LENGTH = 64

/**
 * The caller's address for throttling: the socket's peer; behind the trusted reverse proxy
 * (`TAIZHANG_TRUST_PROXY`), the address that proxy saw. The proxy appends it to
 * X-Forwarded-For, so it is the right-most entry — everything to its left came from the
 * client and proves nothing (rotating it must not escape the per-address limit). X-Real-IP
 * only when there is no X-Forwarded-For (a proxy that sets that header instead). `local`
 * when there is no socket (app.request).
 */
function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const appended = c.req
      .header('x-forwarded-for')
      ?.split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .at(-1)
    const address = appended ?? c.req.header('x-real-ip')?.trim()
    if (address) return address.slice(0, MAX_ADDRESS_LENGTH)
  }
  try {
    return getConnInfo(c).remote.address ?? 'local'
  } catch {
    return 'local'
  }
}

/**
 * Whether the browser reached us over TLS, so the session cookie gets `Secure` (never sent
 * over plain http, where anyone on the path could copy it). Directly: the request URL.
 * Behind the documented proxy (`TAIZHANG_TRUST_PROXY`, nginx terminating TLS): yes unless
 * the proxy says `X-Forwarded-Proto: http` — the deployment guide's proxy listens on 443
 * only and sets that header.
 */
export function overTls(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true
  if (!trustProxy) return false
  const proto = c.req.header('x-forwarded-proto')?.split(',').at(-1)?.trim().toLowerCase()
  return proto !== 'http'
}

// Compared against when the username is unknown, so both cases take the same time.
const dummyHash = hashPassword('taizhang-no-such-user')

/** When a full login gate tells the caller to come back. */
const BUSY_RETRY_SECONDS = 2

export function authRoutes(deps: AppDeps) {
  const { store, sessions, throttle, rooms, audit = () => {} } = deps
  // at most a few password checks at once, a short queue, then 503 (auth/loginGate)
  const gate = deps.loginGate ?? new LoginGate()
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const { username, password } = await readBody(c, LoginBody)
      const address = clientAddress(c, deps.trustProxy ?? false)
      const wait = throttle.retryAfter(username, address)
      if (wait > 0) {
        throw new ApiError(
          429,
          'too-many-attempts',
          `登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`,
          {},
          { 'Retry-After': String(wait) },
        )
      }
      const user = await store.users.byUsername(username)
      const stored = user?.passwordHash ?? (await dummyHash)
      const checked = await gate.run(() => verifyPassword(password, stored))
      if (!checked) {
        throw new ApiError(
          503,
          'busy',
          '登录请求过多，请稍后再试',
          {},
          { 'Retry-After': String(BUSY_RETRY_SECONDS) },
        )
      }
      const ok = checked.value
      if (!user || !ok || user.disabled) {
        throttle.recordFailure(username, address)
        audit({ userId: user?.id ?? null, action: 'login-failed', detail: { username, address } })
        throw new ApiError(401, 'invalid-credentials', '用户名或密码错误')
      }
      throttle.recordSuccess(username)
      if (needsRehash(user.passwordHash)) {
        // made with older parameters (auth/passwords): store it as today's, best effort
        await gate
          .run(async () => store.users.setPasswordHash(user.id, await hashPassword(password)))
          .catch(() => null)
      }
      audit({ userId: user.id, action: 'login', detail: { address } })
      const { token } = await sessions.create(user.id)
      await store.users.recordLogin(user.id, new Date().toISOString())
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        secure: overTls(c, deps.trustProxy ?? false),
        sameSite: 'Lax',
        path: '/',
        maxAge: Math.floor(deps.sessionTtlMs / 1000),
      })
      const { passwordHash: _hash, ...plain } = user
      return c.json({
        token,
        user: publicUser(plain),
        mustChangePassword: user.mustChangePassword ?? false,
      })
    })
    .post('/logout', requireAuth({ sessions, allowPasswordChange: true }), async (c) => {
      await sessions.revoke(c.get('token'))
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      rooms.closeUserConnections(c.get('user').id, ...syncClose('unauthenticated', '已退出登录'))
      audit({ userId: c.get('user').id, action: 'logout' })
      return c.json({ ok: true })
    })
    .get('/me', requireAuth({ sessions }), (c) => c.json({ user: publicUser(c.get('user')) }))
}
