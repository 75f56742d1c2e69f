/**
 * @module sync/SyncUser
 * Who is behind a sync connection, as the room and the sync route know them: the user id
 * (whose connections `closeUserConnections` finds, and to whom stored updates are
 * attributed) and, when the session lookup gave them, the names.
 */
export interface SyncUser {
  id: string
  username?: string
  displayName?: string
}
