/**
 * @module sync/loadableState
 * A room's whole state as one update for a snapshot, checked to load. Yjs does not roll back
 * an update that throws half-way (a client can send one: well-formed structs that fail to
 * integrate); the log keeps it, and loading the log integrates the same part again, but the
 * state Yjs encodes from such a doc can itself fail to load ("Unexpected case"). A snapshot
 * replaces the log it covers, so writing one that does not load would break the sheet for
 * everyone at its next load. Checking costs one more decode of the sheet per snapshot.
 */
import * as Y from 'yjs'

/** The state of `doc`, or null when it would not load (the caller keeps the log instead). */
export function loadableState(doc: Y.Doc): Uint8Array | null {
  try {
    const state = Y.encodeStateAsUpdate(doc)
    Y.applyUpdate(new Y.Doc({ gc: doc.gc }), state)
    return state
  } catch {
    return null
  }
}
