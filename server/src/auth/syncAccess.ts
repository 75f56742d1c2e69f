/**
 * @module auth/syncAccess
 * What the sync route asks before it lets a socket into a room (`SyncAccess`), and the
 * implementation on the meta store and sessions: who holds the `?ticket=` (a single-use
 * sync ticket, what the web app sends) or the `?token=` (a stored session, for scripts),
 * and what that user may do with the sheet — 'unknown' (the route closes with
 * `unknownSheet`), 'none' (`forbidden`), 'read' (a reviewer, or an accepted sheet: the room
 * applies none of its writes), 'write'. The same rules as the HTTP routes (schema's
 * `sheetAccessLevel`), read fresh from the store on each connection.
 */
import { sheetAccessLevel, type SheetAccessLevel } from '@taizhang/schema'
import type { MetaStore } from '../storage/MetaStore'
import type { SyncUser } from '../sync/SyncUser'
import type { Sessions } from './sessions'
import type { SyncTickets } from './syncTickets'
import { unitTree } from './unitTree'

export type SyncAccessLevel = 'unknown' | SheetAccessLevel

/** The session behind a socket, for its idle timeout (auth/sessions). */
export interface SyncSession {
  /** Ask this long before the end whether the session goes on. */
  renewBeforeMs: number
  /** The session's end now (ms), moved on when `used` (the socket wrote); null: it ended. */
  renew(used: boolean): Promise<number | null>
}

export interface SyncAccess {
  /**
   * The user behind a sync ticket (when given, only the ticket counts) or a session token;
   * `sessionExpiresAt` (ms) makes the route close the socket then.
   */
  authenticate(
    token?: string,
    ticket?: string,
  ): Promise<(SyncUser & { sessionExpiresAt?: number; session?: SyncSession }) | null>
  /** What `user` may do in the sheet's room (unknown sheet: `unknown`). */
  syncAccessLevel(user: SyncUser, sheetId: string): Promise<SyncAccessLevel>
}

/** `SyncAccess` from the stored sessions, users, units and sheets. */
export function storeSyncAccess(
  store: MetaStore,
  sessions: Sessions,
  tickets?: SyncTickets,
): SyncAccess {
  return {
    async authenticate(token, ticket) {
      const session =
        ticket !== undefined
          ? ((await tickets?.redeem(ticket)) ?? null)
          : await sessions.lookup(token)
      if (!session) return null
      const { user, expiresAt, tokenHash } = session
      return {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        sessionExpiresAt: expiresAt,
        session: {
          renewBeforeMs: sessions.touchEveryMs,
          renew: async (used) =>
            (await sessions.lookupHash(tokenHash, { use: used }))?.expiresAt ?? null,
        },
      }
    },
    async syncAccessLevel(user, sheetId) {
      const sheet = await store.sheets.byId(sheetId)
      if (!sheet) return 'unknown'
      const full = await store.users.byId(user.id)
      // a user who must change its password first syncs nothing until it has (SPEC §11)
      if (!full || full.disabled || full.mustChangePassword) return 'none'
      return sheetAccessLevel(await unitTree(store), full, sheet)
    },
  }
}
