/**
 * @module sync/docPersistence
 * Binds one `Y.Doc` to the IndexedDB update log of its sheet: loads every stored update
 * into the doc, then writes each new update (local or remote) as it happens. Writes are
 * chained so they reach IndexedDB in the order they happened, and the log is compacted
 * now and then during a long session, not only on load. When the store holds nothing of
 * the sheet, an optional `initialState` source (the server's whole state, for a first
 * open) is applied in its place and stored as one record.
 * Not for: the server connection or pending-change tracking (see `connection.ts`).
 */
import * as Y from 'yjs'
import { appendUpdate, compactUpdates, COMPACT_AFTER, loadUpdates } from './localStore'

/** Origin of updates applied from IndexedDB, so they are not written back. */
export const LOCAL_STORE_ORIGIN = Symbol('taizhang-local-store')

/** Where the doc's first content came from: this browser's copy, the server, or nowhere. */
export type LoadSource = 'local' | 'server' | 'none'

export interface PersistOptions {
  /**
   * Asked only when IndexedDB holds nothing of the sheet: the bytes of a whole-doc
   * update to start from (stored as one record), or null to start empty.
   */
  initialState?: (signal: AbortSignal) => Promise<Uint8Array | null>
}

export interface DocPersistence {
  /** Resolves once every stored update (or the initial state) is in the doc. */
  readonly loaded: Promise<LoadSource>
  /** Resolves once every update so far is on disk. */
  flush(): Promise<void>
  destroy(): void
}

export function persistDoc(
  doc: Y.Doc,
  sheetId: string,
  { initialState }: PersistOptions = {},
): DocPersistence {
  const aborter = new AbortController()
  let chain: Promise<void> = Promise.resolve()
  let sinceCompaction = 0
  let destroyed = false

  const enqueue = (task: () => Promise<void>) => {
    chain = chain.then(task).catch((error: unknown) => {
      console.error('[台账] 本地保存失败', error)
    })
  }

  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === LOCAL_STORE_ORIGIN) return
    enqueue(() => appendUpdate(sheetId, update))
    if (++sinceCompaction > COMPACT_AFTER * 4) {
      sinceCompaction = 0
      enqueue(() => compactUpdates(sheetId))
    }
  }

  const apply = (updates: Uint8Array[]) =>
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update, LOCAL_STORE_ORIGIN)
    }, LOCAL_STORE_ORIGIN)

  // The listener is attached only after the stored updates are in: with an `update`
  // listener Yjs encodes every transaction, and re-encoding a 10,000-row sheet just to
  // skip it costs a second on open. Nothing edits the doc before `loaded` (the page shows
  // the sheet and opens the socket only then).
  const loaded = loadUpdates(sheetId).then(async (updates): Promise<LoadSource> => {
    let source: LoadSource = 'none'
    if (destroyed) return source
    if (updates.length > 0) {
      apply(updates)
      source = 'local'
    } else if (initialState) {
      const state = await initialState(aborter.signal)
      if (destroyed) return source
      if (state) {
        apply([state])
        // the same bytes, as one record: nothing to encode again
        enqueue(() => appendUpdate(sheetId, state))
        source = 'server'
      }
    }
    doc.on('update', onUpdate)
    return source
  })

  return {
    loaded,
    flush: async () => {
      await loaded
      await chain
    },
    destroy() {
      destroyed = true
      aborter.abort()
      doc.off('update', onUpdate)
    },
  }
}
