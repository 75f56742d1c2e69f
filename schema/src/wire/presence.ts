/**
 * @module wire/presence
 * The awareness state of one person in a sheet (SPEC §6.3:
 * `{user:{id, name, color}, cursor:{rowId, colId} | null}`). The web app publishes it; the
 * server sets its `user` from the session before relaying it (`sync/roomAwareness`), so
 * every state anyone receives names the connection's real user.
 */

/** Who a presence state is about: the user id, the name shown, the colour of their marks. */
export interface PresenceUser {
  id: string
  name: string
  color: string
}

/** The cell a person is on. */
export interface CellCursor {
  rowId: string
  colId: string
}

export interface PresenceState {
  user: PresenceUser
  cursor: CellCursor | null
}
