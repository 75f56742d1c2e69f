/**
 * @module sync/tabChannel
 * Keeps the tabs of one browser on the same sheet in step, online or offline, through a
 * BroadcastChannel per sheet: each tab posts the updates of its own (local) transactions
 * and applies what the others post. It replaces the WebsocketProvider's built-in channel
 * (`disableBc`), which on every connect posts the WHOLE document to the other tabs —
 * encoding a 10,000-row sheet (~0.3 s) on each open, and decoding it in every other tab.
 * A tab that opens later needs no such exchange: it reads every update from IndexedDB,
 * which all tabs write (`docPersistence`); it listens before reading, so an update posted
 * meanwhile is not missed (Yjs ignores duplicates). Posting starts once the stored copy is
 * in (`loaded`): an `update` listener makes Yjs encode every transaction, and the load of
 * a big sheet must not be re-encoded for nothing.
 * Not for: the server connection (see `connection.ts`).
 */
import * as Y from 'yjs'

/** Origin of updates applied from another tab, so they are not posted back. */
export const TAB_ORIGIN = Symbol('taizhang-tab')

export interface TabChannel {
  destroy(): void
}

export function shareWithTabs(doc: Y.Doc, sheetId: string, loaded: Promise<unknown>): TabChannel {
  if (typeof BroadcastChannel === 'undefined') return { destroy() {} }
  let destroyed = false
  const channel = new BroadcastChannel(`taizhang-doc:${sheetId}`)
  channel.onmessage = (event: MessageEvent<unknown>) => {
    if (event.data instanceof Uint8Array) Y.applyUpdate(doc, event.data, TAB_ORIGIN)
  }
  const onUpdate = (update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
    // Only this tab's own edits: updates from the server reach every tab from the server.
    if (tr.local) channel.postMessage(update)
  }
  void loaded.then(() => {
    if (!destroyed) doc.on('update', onUpdate)
  })
  return {
    destroy() {
      destroyed = true
      doc.off('update', onUpdate)
      channel.close()
    },
  }
}
