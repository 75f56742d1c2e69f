/**
 * @module storage/sqlite/SqliteSyncTicketStore
 * The `SyncTicketStore` on SQLite: the `sync_tickets` table.
 */
import type { SyncTicketRecord, SyncTicketStore } from '../SyncTicketStore'
import type { Db } from './db'

export class SqliteSyncTicketStore implements SyncTicketStore {
  constructor(private readonly db: Db) {}

  async create({ ticketHash, sessionHash, userId, expiresAt }: SyncTicketRecord) {
    this.db
      .prepare(
        `INSERT INTO sync_tickets (ticket_hash, session_hash, user_id, expires_at)
         VALUES (?, ?, ?, ?)`,
      )
      .run(ticketHash, sessionHash, userId, expiresAt)
  }

  async take(ticketHash: string) {
    return this.db
      .prepare(
        `DELETE FROM sync_tickets WHERE ticket_hash = ?
         RETURNING ticket_hash AS ticketHash, session_hash AS sessionHash, user_id AS userId,
                   expires_at AS expiresAt`,
      )
      .get(ticketHash) as SyncTicketRecord | undefined
  }

  async deleteForUser(userId: string) {
    this.db.prepare('DELETE FROM sync_tickets WHERE user_id = ?').run(userId)
  }

  async purgeExpired(now: string) {
    return this.db.prepare('DELETE FROM sync_tickets WHERE expires_at < ?').run(now).changes
  }
}
