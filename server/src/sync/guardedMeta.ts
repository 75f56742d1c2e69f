/**
 * @module sync/guardedMeta
 * The parts of a sheet's doc that are the server's to write:
 * - in `meta`, the sheet's identity and workflow state — template and templateVersion (the
 *   pin, SPEC §7), unitId, status,
 *   schemaVersion (SPEC §6.3 layout; status, SPEC §3); `title` and the report fields stay
 *   client-writable;
 * - the whole top-level `conflicts` map: the records the room writes when two people changed
 *   one cell while apart. A client that wrote one could name any user as an author, or put a
 *   plain string there that every reader once choked on.
 * A client that writes them (a forged "accepted", another template, a made-up conflict) has
 * its change undone at once by a server change restoring what was there; the forged value is
 * relayed briefly before the restore, like any client change.
 *
 * Not for: making the restoring change (the room's pipeline stores and relays it).
 */
import { CONFLICTS, META } from '@taizhang/schema'
import * as Y from 'yjs'
import { isClientOrigin } from './change'

/** Meta keys only the server writes. */
export const GUARDED_META_KEYS = [
  'template',
  'templateVersion',
  'unitId',
  'status',
  'schemaVersion',
] as const

/** Watches one top-level map of a doc for client writes to the keys `guards` accepts. */
export class GuardedMap {
  /** Guarded keys a client's change overwrote, and their values before it. */
  private overwritten: Map<string, unknown> | null = null

  constructor(
    doc: Y.Doc,
    private readonly name: string,
    private readonly guards: (key: string) => boolean,
  ) {
    doc.getMap(name).observe(this.watch)
  }

  /**
   * The server change that puts back what clients overwrote since the last call, or null
   * when they overwrote nothing.
   */
  takeRestore(): ((doc: Y.Doc) => void) | null {
    const before = this.overwritten
    if (!before) return null
    this.overwritten = null
    return (doc) => {
      const map = doc.getMap(this.name)
      for (const [key, value] of before) {
        // a Yjs type cannot be put back (it was integrated once), and the server never
        // writes one here: it goes
        if (value === undefined || value instanceof Y.AbstractType) map.delete(key)
        else if (map.get(key) !== value) map.set(key, value)
      }
    }
  }

  private readonly watch = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => {
    if (!isClientOrigin(transaction.origin)) return
    for (const [key, change] of event.changes.keys) {
      if (!this.guards(key)) continue
      this.overwritten ??= new Map()
      // the first value overwritten is the server's (an update may set a key twice)
      if (!this.overwritten.has(key)) this.overwritten.set(key, change.oldValue)
    }
  }
}

const guardedMetaKeys = new Set<string>(GUARDED_META_KEYS)

/** Client writes to the guarded meta keys. */
export class GuardedMeta extends GuardedMap {
  constructor(doc: Y.Doc) {
    super(doc, META, (key) => guardedMetaKeys.has(key))
  }
}

/** Client writes to the conflicts map (every key). */
export class GuardedConflicts extends GuardedMap {
  constructor(doc: Y.Doc) {
    super(doc, CONFLICTS, () => true)
  }
}
