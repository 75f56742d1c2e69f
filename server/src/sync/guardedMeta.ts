/**
 * @module sync/guardedMeta
 * The sheet's identity and workflow state in `meta` — template, unitId, status,
 * schemaVersion (SPEC §6.3 layout; status, SPEC §3) — are the server's to set. A client that
 * writes them (a forged "accepted", another template) has its value overwritten at once by a
 * server change restoring what was there; the forged value is relayed briefly before the
 * restore, like any client change. `title` and the report fields stay client-writable.
 *
 * Not for: making the restoring change (the room's pipeline stores and relays it).
 */
import type * as Y from 'yjs'
import { isClientOrigin } from './change'

/** Meta keys only the server writes. */
export const GUARDED_META_KEYS = ['template', 'unitId', 'status', 'schemaVersion'] as const

/** Watches a doc's meta map for client writes to guarded keys. */
export class GuardedMeta {
  /** Guarded keys a client's change overwrote, and their values before it. */
  private overwritten: Map<string, unknown> | null = null

  constructor(doc: Y.Doc) {
    doc.getMap('meta').observe(this.watch)
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
      const meta = doc.getMap('meta')
      for (const [key, value] of before) {
        if (value === undefined) meta.delete(key)
        else if (meta.get(key) !== value) meta.set(key, value)
      }
    }
  }

  private readonly watch = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => {
    if (!isClientOrigin(transaction.origin)) return
    for (const key of GUARDED_META_KEYS) {
      const change = event.changes.keys.get(key)
      if (!change) continue
      this.overwritten ??= new Map()
      // the first value overwritten is the server's (an update may set a key twice)
      if (!this.overwritten.has(key)) this.overwritten.set(key, change.oldValue)
    }
  }
}
