/**
 * @module auth/syncTickets
 * Sync tickets (docs/RELIABILITY.md §4): what the web app puts into the WebSocket URL instead of its
 * session token, so the long-lived token never lands in a URL (proxy logs, browser
 * history, a Referer). `POST /api/sync-ticket` (bearer token) → `{ticket}`; the socket
 * opens with `/sync/:sheetId?ticket=…`. A ticket is 32 random bytes, stored only as its
 * SHA-256, valid for `TICKET_TTL_MS` and for ONE socket (taken from the store in the same
 * statement that reads it), and bound to the session that asked for it: a socket opened
 * with it ends when that session ends, and logging that session out voids the ticket.
 * Scripts may still connect with `?token=SESSION_TOKEN` (README, docs/RELIABILITY.md §4).
 * Not for: sessions themselves (auth/sessions).
 */
import { randomBytes } from 'node:crypto'
import type { SyncTicketStore } from '../storage/SyncTicketStore'
import type { User } from '../storage/UserStore'
import { hashToken, type Sessions } from './sessions'

/** How long a ticket may wait for its socket: the web app asks right before connecting. */
export const TICKET_TTL_MS = 30_000

export class SyncTickets {
  constructor(
    private readonly store: SyncTicketStore,
    private readonly sessions: Sessions,
    private readonly ttlMs = TICKET_TTL_MS,
  ) {}

  /** A new ticket for the session whose token hash is `sessionHash`. */
  async issue(sessionHash: string, userId: string): Promise<{ ticket: string; expiresAt: Date }> {
    const ticket = randomBytes(32).toString('base64url')
    const expiresAt = new Date(Date.now() + this.ttlMs)
    await this.store.create({
      ticketHash: hashToken(ticket),
      sessionHash,
      userId,
      expiresAt: expiresAt.toISOString(),
    })
    return { ticket, expiresAt }
  }

  /**
   * Use up a ticket: its session's user and session (as `Sessions.lookup` gives them), or
   * null when the ticket is unknown, used, expired, or its session has ended.
   */
  async redeem(
    ticket: string | undefined | null,
  ): Promise<{ user: User; expiresAt: number; tokenHash: string } | null> {
    if (!ticket || ticket.length > 200) return null
    const record = await this.store.take(hashToken(ticket))
    if (!record || Date.parse(record.expiresAt) <= Date.now()) return null
    const session = await this.sessions.lookupHash(record.sessionHash)
    return session && session.user.id === record.userId ? session : null
  }

  async purgeExpired(): Promise<number> {
    return this.store.purgeExpired(new Date().toISOString())
  }
}
