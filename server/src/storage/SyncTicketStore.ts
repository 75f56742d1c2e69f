/**
 * @module storage/SyncTicketStore
 * Stored sync tickets (`POST /api/sync-ticket`): keyed by the SHA-256 of the ticket, bound
 * to the session that asked for one (by that session's token hash). Stored, not kept in
 * memory, so a ticket made on one node of a cluster opens a socket on any other. `take`
 * removes the ticket in the same statement that reads it, so a ticket opens one socket
 * at most, however many try at once.
 * Not for: making or checking tickets (auth/syncTickets).
 */

export interface SyncTicketRecord {
  ticketHash: string
  /** `tokenHash` of the session the ticket was made for. */
  sessionHash: string
  userId: string
  expiresAt: string
}

export interface SyncTicketStore {
  create(ticket: SyncTicketRecord): Promise<void>
  /** Remove the ticket and return it (undefined when unknown or already taken). */
  take(ticketHash: string): Promise<SyncTicketRecord | undefined>
  /** Remove every ticket of a user (log out everywhere). */
  deleteForUser(userId: string): Promise<void>
  /** Remove tickets that expired before `now` (ISO). */
  purgeExpired(now: string): Promise<number>
}
