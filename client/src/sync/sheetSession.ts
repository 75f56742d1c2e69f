/**
 * @module sync/sheetSession
 * Everything one open sheet needs below React: its `Y.Doc`, the IndexedDB copy (loaded
 * first, so a sheet opens from disk at once, online or not) and then the server
 * connection. The connection (and its WebsocketProvider, whose `update` listener makes
 * Yjs encode every transaction) is created only once the local copy is in, so loading
 * a 10,000-row sheet from disk is not re-encoded for nothing.
 * One session per open sheet page; `destroy()` leaves nothing running.
 */
import * as Y from 'yjs'
import { fetchStateVector } from '../api/endpoints'
import { fromBase64 } from './base64'
import { SheetConnection, type PresenceUser } from './connection'
import { persistDoc, type DocPersistence } from './docPersistence'
import { shareWithTabs } from './tabChannel'

export interface SheetSession {
  readonly sheetId: string
  readonly doc: Y.Doc
  readonly persistence: DocPersistence
  /** The server connection; null until `ready`. */
  readonly connection: SheetConnection | null
  /** Resolves once the local copy is in the doc and the socket is opening. */
  readonly ready: Promise<void>
  destroy(): void
}

export function openSheetSession(sheetId: string, token: string, user: PresenceUser): SheetSession {
  const doc = new Y.Doc()
  const persistence = persistDoc(doc, sheetId)
  // Listens to the other tabs at once, before IndexedDB is read (see tabChannel).
  const tabs = shareWithTabs(
    doc,
    sheetId,
    persistence.loaded.catch(() => undefined),
  )
  let connection: SheetConnection | null = null
  let destroyed = false
  const ready = persistence.loaded
    .catch((error: unknown) => {
      // Without IndexedDB (private mode, full disk) the sheet still works online.
      console.error('[台账] 无法读取本地副本', error)
    })
    .then(() => {
      if (destroyed) return
      connection = new SheetConnection({
        sheetId,
        doc,
        token,
        user,
        fetchServerStateVector: async (id, signal) =>
          fromBase64(await fetchStateVector(id, signal)),
      })
      connection.connect()
    })
  return {
    sheetId,
    doc,
    persistence,
    get connection() {
      return connection
    },
    ready,
    destroy() {
      destroyed = true
      connection?.destroy()
      tabs.destroy()
      persistence.destroy()
      doc.destroy()
    },
  }
}
