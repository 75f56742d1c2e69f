/**
 * @module auth/sessions
 * Session tokens: 32 random bytes (base64url) handed to the client once, stored only
 * as their SHA-256, valid for the configured time. Because they are stored, a token
 * survives a server restart until it expires or its user logs out (SPEC §6.3).
 */
import { createHash, randomBytes } from 'node:crypto'
import type { MetaStore } from '../storage/MetaStore'
import type { User } from '../storage/UserStore'

export const SESSION_COOKIE = 'taizhang_session'

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

export class Sessions {
  constructor(
    private readonly store: MetaStore,
    private readonly ttlMs: number,
  ) {}

  /** Start a session for `userId`; returns the token and its expiry. */
  async create(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url')
    const now = new Date()
    const expiresAt = new Date(now.getTime() + this.ttlMs)
    await this.store.sessions.create({
      tokenHash: hashToken(token),
      userId,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    })
    return { token, expiresAt }
  }

  /** The signed-in user for a token, or null (unknown, expired, or disabled user). */
  async authenticate(token: string | undefined | null): Promise<User | null> {
    return (await this.lookup(token))?.user ?? null
  }

  /** The user and when the session ends (a live sync socket is closed then). */
  async lookup(
    token: string | undefined | null,
  ): Promise<{ user: User; expiresAt: number; tokenHash: string } | null> {
    if (!token || token.length > 200) return null
    return this.lookupHash(hashToken(token))
  }

  /** `lookup` by the stored hash (a sync ticket names its session so). */
  async lookupHash(
    tokenHash: string,
  ): Promise<{ user: User; expiresAt: number; tokenHash: string } | null> {
    const session = await this.store.sessions.find(tokenHash)
    if (!session) return null
    const expiresAt = Date.parse(session.expiresAt)
    if (expiresAt <= Date.now()) {
      await this.store.sessions.delete(tokenHash)
      return null
    }
    const user = await this.store.users.byId(session.userId)
    return user && !user.disabled ? { user, expiresAt, tokenHash } : null
  }

  async revoke(token: string): Promise<void> {
    await this.store.sessions.delete(hashToken(token))
  }

  async purgeExpired(): Promise<number> {
    return this.store.sessions.purgeExpired(new Date().toISOString())
  }
}
