/**
 * @module storage/sessions
 * Stored sessions, keyed by the SHA-256 of the token (a copied database does not leak
 * live sessions). Stored, so a token stays valid across a restart until it expires or
 * its user logs out (SPEC §6.3).
 * Not for: making tokens or checking expiry (auth/sessions).
 */
import type { Db } from './db'

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
}

export class SqliteSessionStore implements SessionStore {
  constructor(private readonly db: Db) {}

  async create({ tokenHash, userId, createdAt, expiresAt }: SessionRecord) {
    this.db
      .prepare(
        'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      )
      .run(tokenHash, userId, createdAt, expiresAt)
  }

  async find(tokenHash: string) {
    return this.db
      .prepare(
        `SELECT token_hash AS tokenHash, user_id AS userId, created_at AS createdAt,
                expires_at AS expiresAt
         FROM sessions WHERE token_hash = ?`,
      )
      .get(tokenHash) as SessionRecord | undefined
  }

  async delete(tokenHash: string) {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash)
  }

  async purgeExpired(now: string) {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(now).changes
  }
}
