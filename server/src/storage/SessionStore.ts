/**
 * @module storage/SessionStore
 * Stored sessions, keyed by the SHA-256 of the token (a copied database does not leak
 * live sessions). Stored, so a token stays valid across a restart until it expires or
 * its user logs out (SPEC §6.3). The record and the interface every backend implements
 * (`sqlite/SqliteSessionStore.ts`, `postgres/PgSessionStore.ts`).
 * Not for: making tokens or checking expiry (auth/sessions).
 */

export interface SessionRecord {
  tokenHash: string
  userId: string
  createdAt: string
  expiresAt: string
}

export interface SessionStore {
  create(session: SessionRecord): Promise<void>
  find(tokenHash: string): Promise<SessionRecord | undefined>
  delete(tokenHash: string): Promise<void>
  /** Remove sessions that expired before `now` (ISO). */
  purgeExpired(now: string): Promise<number>
  /** Ends every session of a user (disabled, or its password was reset); how many. */
  deleteForUser(userId: string): Promise<number>
  /** Moves a session's end (the idle timeout: each use pushes it later, `auth/sessions`). */
  touch(tokenHash: string, expiresAt: string): Promise<void>
}
