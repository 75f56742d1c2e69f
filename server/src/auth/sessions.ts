/**
 * @module auth/sessions
 * Session tokens: 32 random bytes (base64url) handed to the client once, stored only
 * as their SHA-256. Because they are stored, a token survives a server restart until it
 * expires or its user logs out (SPEC §6.3).
 * A session ends at the FIRST of two limits (docs/RELIABILITY.md §4): its lifetime from login
 * (`TAIZHANG_SESSION_TTL_HOURS`, default 168) and its idle timeout
 * (`TAIZHANG_SESSION_IDLE_HOURS`, default 8; 0 = none): every use — an API request, a sync
 * socket's edits — moves the stored `expires_at` to now + idle (never past the lifetime),
 * at most once per `touchEveryMs` so a busy user does not write on every request. A
 * stolen token left unused dies within the idle time; a working day needs no new login.
 * `revokeAll` ends every session of a user (log out everywhere).
 */
import { createHash, randomBytes } from 'node:crypto'
import type { MetaStore } from '../storage/MetaStore'
import type { User } from '../storage/UserStore'

export const SESSION_COOKIE = 'taizhang_session'

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

/** A live session: its user, when it ends now (ms), and the hash it is stored under. */
export interface LiveSession {
  user: User
  expiresAt: number
  tokenHash: string
}

export class Sessions {
  /** How much later a use must move the end before it is written (idle timeout / 10, ≤ 1 min). */
  readonly touchEveryMs: number

  constructor(
    private readonly store: MetaStore,
    private readonly ttlMs: number,
    /** Idle timeout; Infinity (the default) for none. */
    readonly idleMs = Infinity,
  ) {
    this.touchEveryMs = Math.min(60_000, idleMs / 10)
  }

  /** Start a session for `userId`; returns the token and its expiry. */
  async create(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url')
    const now = new Date()
    const expiresAt = new Date(now.getTime() + Math.min(this.ttlMs, this.idleMs))
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

  /** The user and when the session ends (a live sync socket is closed then). A use. */
  async lookup(token: string | undefined | null): Promise<LiveSession | null> {
    if (!token || token.length > 200) return null
    return this.lookupHash(hashToken(token))
  }

  /**
   * `lookup` by the stored hash (a sync ticket, a socket name their session so). `use`
   * false only looks: the idle timeout is not pushed back (a socket checking whether its
   * session is still there without having done anything).
   */
  async lookupHash(tokenHash: string, { use = true } = {}): Promise<LiveSession | null> {
    const session = await this.store.sessions.find(tokenHash)
    if (!session) return null
    let expiresAt = Date.parse(session.expiresAt)
    const now = Date.now()
    if (expiresAt <= now) {
      await this.store.sessions.delete(tokenHash)
      return null
    }
    const user = await this.store.users.byId(session.userId)
    if (!user || user.disabled) return null
    if (use && Number.isFinite(this.idleMs)) {
      const next = Math.min(Date.parse(session.createdAt) + this.ttlMs, now + this.idleMs)
      if (next - expiresAt >= this.touchEveryMs) {
        await this.store.sessions.touch(tokenHash, new Date(next).toISOString())
        expiresAt = next
      }
    }
    return { user, expiresAt, tokenHash }
  }

  async revoke(token: string): Promise<void> {
    await this.store.sessions.delete(hashToken(token))
  }

  /** End every session (and unused sync ticket) of a user; how many sessions ended. */
  async revokeAll(userId: string): Promise<number> {
    await this.store.syncTickets.deleteForUser(userId)
    return this.store.sessions.deleteForUser(userId)
  }

  async purgeExpired(): Promise<number> {
    return this.store.sessions.purgeExpired(new Date().toISOString())
  }
}
