/**
 * @module storage/sqlite/SqliteSessionStore
 * The `SessionStore` on SQLite: the `sessions` table.
 */
import type { SessionRecord, SessionStore } from '../SessionStore'
import type { Db } from './db'

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

  async deleteForUser(userId: string) {
    return this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes
  }

  async purgeExpired(now: string) {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(now).changes
  }

  async touch(tokenHash: string, expiresAt: string) {
    this.db
      .prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?')
      .run(expiresAt, tokenHash)
  }
}
