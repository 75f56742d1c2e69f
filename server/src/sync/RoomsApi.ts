/**
 * @module sync/RoomsApi
 * The part of the sync rooms (`RoomManager`) the rest of the server uses: the live document
 * of a sheet, server changes, the workflow lock, closing a user's connections, and waiting
 * until a sheet's changes survive a power cut. The API routes, the workflow and the demo
 * seeding take this interface, so they can be built and tested without sockets.
 */
import type * as Y from 'yjs'

export interface RoomsApi {
  /** The live document of a sheet (loaded from storage if no room is open). */
  getDoc(sheetId: string): Promise<Y.Doc> | Y.Doc
  /** Change a sheet as the server (or on behalf of `userId`): persisted, then relayed. */
  applyServerChange(
    sheetId: string,
    userId: string | null,
    fn: (doc: Y.Doc) => void,
  ): Promise<unknown> | unknown
  /** Lock (accepted) or unlock a sheet for every open connection. */
  setLocked(sheetId: string, locked: boolean): Promise<unknown> | unknown
  /** Close every sync connection of a user (schema's `syncClose` gives code and reason). */
  closeUserConnections(userId: string, code: number, reason: string): unknown
  /** Resolves when every change to the sheet received so far survives a power cut. */
  durable?(sheetId: string): Promise<void>
}
