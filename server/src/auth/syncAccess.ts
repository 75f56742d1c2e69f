/**
 * @module auth/syncAccess
 * The `SyncAccess` the sync route asks before it lets a socket into a room: who holds
 * the `?token=` (a stored session), and what that user may do with the sheet —
 * 'unknown' (close 4404), 'none' (4403), 'read' (a reviewer, or an accepted sheet:
 * the room applies none of its writes), 'write'. The same rules as the HTTP routes
 * (auth/permissions), read fresh from the store on each connection.
 */
import type { MetaStore } from '../storage/metaStore'
import { unitTree } from '../http/deps'
import { sheetAccess } from './permissions'
import type { Sessions } from './sessions'

export interface SyncUser {
  id: string
  username: string
  displayName: string
  /** When the session ends (ms since epoch): the sync route closes the socket then (4401). */
  sessionExpiresAt?: number
}

export type SyncAccessLevel = 'unknown' | 'none' | 'read' | 'write'

export function syncAccess(store: MetaStore, sessions: Sessions) {
  return {
    async authenticate(token?: string | null): Promise<SyncUser | null> {
      const session = await sessions.lookup(token)
      if (!session) return null
      const { user, expiresAt } = session
      return {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        sessionExpiresAt: expiresAt,
      }
    },
    async access(user: SyncUser, sheetId: string): Promise<SyncAccessLevel> {
      const sheet = await store.sheets.byId(sheetId)
      if (!sheet) return 'unknown'
      const full = await store.users.byId(user.id)
      if (!full || full.disabled) return 'none'
      return sheetAccess(await unitTree(store), full, sheet)
    },
  }
}
