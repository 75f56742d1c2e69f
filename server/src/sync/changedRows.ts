/**
 * @module sync/changedRows
 * Which rows the changes since the last report touched, read off each transaction's
 * `changed` map (no diffing): a row whose cells, `_pos` or `_deleted` changed, and rows added
 * to or replaced in the rows map. The room reports them after every stored change
 * (`onDocChanged`: the findings service re-validates only those rows).
 *
 * Not for: what changed inside a cell (conflicts: `conflictDetector.ts`).
 */
import { DELETED, POS, rowsMap } from '@taizhang/schema'
import type * as Y from 'yjs'

export class ChangedRows {
  private rows = new Set<string>()
  private changed = false

  /** Note what a finished transaction on `doc` changed. */
  note(doc: Y.Doc, transaction: Y.Transaction): void {
    const rows = rowsMap(doc)
    for (const [type, keys] of transaction.changed) {
      this.changed = true
      if ((type as unknown) === rows) for (const key of keys) if (key) this.rows.add(key)
      const item = type._item
      if (item && item.parent === rows && item.parentSub) {
        const cells = [...keys].some((k) => k !== POS && k !== DELETED)
        if (cells || keys.has(DELETED) || keys.has(POS)) this.rows.add(item.parentSub)
      }
    }
    // deletions that touched no live type leave `changed` empty but still changed the doc
    if (transaction.changed.size === 0 && transaction.deleteSet.clients.size > 0) {
      this.changed = true
    }
  }

  /** The rows changed since the last call; null when the doc did not change at all. */
  take(): string[] | null {
    if (!this.changed) return null
    const rows = [...this.rows]
    this.changed = false
    this.rows = new Set()
    return rows
  }
}
