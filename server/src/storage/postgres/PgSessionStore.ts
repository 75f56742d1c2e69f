/**
 * @module storage/postgres/PgSessionStore
 * The `SessionStore` on PostgreSQL: the `sessions` table, shared by every node (a session
 * made on one node is valid on all).
 */
import type { SessionRecord, SessionStore } from '../SessionStore'
import type { PgPool } from './pgDatabase'

export class PgSessionStore implements SessionStore {
  constructor(private readonly pool: PgPool) {}

  async create({ tokenHash, userId, createdAt, expiresAt }: SessionRecord) {
    await this.pool.query(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [tokenHash, userId, createdAt, expiresAt],
    )
  }

  async find(tokenHash: string) {
    const { rows } = await this.pool.query<SessionRecord>(
      `SELECT token_hash AS "tokenHash", user_id AS "userId", created_at AS "createdAt",
              expires_at AS "expiresAt"
       FROM sessions WHERE token_hash = $1`,
      [tokenHash],
    )
    return rows[0]
  }

  async delete(tokenHash: string) {
    await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])
  }

  async deleteForUser(userId: string) {
    return (
      (await this.pool.query('DELETE FROM sessions WHERE user_id = $1', [userId])).rowCount ?? 0
    )
  }

  async purgeExpired(now: string) {
    return (
      (await this.pool.query('DELETE FROM sessions WHERE expires_at < $1', [now])).rowCount ?? 0
    )
  }

  async touch(tokenHash: string, expiresAt: string) {
    await this.pool.query('UPDATE sessions SET expires_at = $1 WHERE token_hash = $2', [
      expiresAt,
      tokenHash,
    ])
  }
}
