/**
 * @module storage/postgres/PgSyncTicketStore
 * The `SyncTicketStore` on PostgreSQL: the `sync_tickets` table, shared by every node (a
 * ticket made on one node opens a socket on any).
 */
import type { SyncTicketRecord, SyncTicketStore } from '../SyncTicketStore'
import type { PgPool } from './pgDatabase'

export class PgSyncTicketStore implements SyncTicketStore {
  constructor(private readonly pool: PgPool) {}

  async create({ ticketHash, sessionHash, userId, expiresAt }: SyncTicketRecord) {
    await this.pool.query(
      `INSERT INTO sync_tickets (ticket_hash, session_hash, user_id, expires_at)
       VALUES ($1, $2, $3, $4)`,
      [ticketHash, sessionHash, userId, expiresAt],
    )
  }

  async take(ticketHash: string) {
    const { rows } = await this.pool.query<SyncTicketRecord>(
      `DELETE FROM sync_tickets WHERE ticket_hash = $1
       RETURNING ticket_hash AS "ticketHash", session_hash AS "sessionHash", user_id AS "userId",
                 expires_at AS "expiresAt"`,
      [ticketHash],
    )
    return rows[0]
  }

  async deleteForUser(userId: string) {
    await this.pool.query('DELETE FROM sync_tickets WHERE user_id = $1', [userId])
  }

  async purgeExpired(now: string) {
    return (
      (await this.pool.query('DELETE FROM sync_tickets WHERE expires_at < $1', [now])).rowCount ?? 0
    )
  }
}
