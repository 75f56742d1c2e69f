/**
 * @module sync/change
 * A change on its way through a room's write pipeline (`Room.ts`), and the transaction
 * origins that tell the room's own changes from a client's: every origin that is not one of
 * these symbols is the client connection that sent the update (`guardedMeta.ts` and the
 * conflict detection rely on that).
 *
 * Not for: the pipeline's steps (`Room.ts`).
 */
import type { Conn } from './roomConnections'

export interface Change {
  update: Uint8Array
  /** The connection that sent it; null: the server made it, or another node stored it. */
  from: Conn | null
  userId: string | null
  /** When it entered the pipeline (stored with it). */
  at: Date
  /** The Yjs client ids it writes with (their author, for conflict records). */
  clients: readonly number[]
  /** The frame to relay as it is (a received update message); null: encode `update`. */
  frame: Uint8Array | null
  /** Made in the doc already (a server change): the apply step is done. */
  applied: boolean
}

/** A change entering the pipeline now. */
export const change = (
  update: Uint8Array,
  from: Conn | null,
  userId: string | null,
  clients: readonly number[],
  frame: Uint8Array | null,
  applied: boolean,
): Change => ({ update, from, userId, at: new Date(), clients, frame, applied })

/** Transaction origin of changes the server makes itself (relayed after the append). */
export const SERVER_ORIGIN = Symbol('server change')
/** Transaction origin while loading from the store (no conflicts, no relay). */
export const LOAD_ORIGIN = Symbol('load')
/** Transaction origin of changes another node stored (relayed here, not stored again). */
export const REMOTE_ORIGIN = Symbol('remote')

/** Whether a transaction origin is a client connection (not one of the room's symbols). */
export const isClientOrigin = (origin: unknown): boolean =>
  typeof origin === 'object' && origin !== null
