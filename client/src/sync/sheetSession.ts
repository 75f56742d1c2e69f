/**
 * @module sync/sheetSession
 * Everything one open sheet needs below React: its `Y.Doc`, the IndexedDB copy (loaded
 * first, so a sheet opens from disk at once, online or not) and then the server
 * connection. The connection (and its WebsocketProvider, whose `update` listener makes
 * Yjs encode every transaction) is created only once the local copy is in, so loading
 * a 10,000-row sheet from disk is not re-encoded for nothing.
 * - No local copy yet and online: the server's whole state is downloaded first
 *   (`serverState`) and applied and stored before any listener is attached; the sync
 *   exchange after it is tiny. If the download fails (or offline) the socket opens at
 *   once and brings everything, as before.
 * - Once the doc holds a copy (from IndexedDB or that download) the socket opens when the
 *   page is next idle (the first rows drawn, at most `CONNECT_IDLE_TIMEOUT_MS` later), so
 *   the sync exchange does not delay them; edits made meanwhile are pending as usual.
 * One session per open sheet page; `destroy()` leaves nothing running.
 */
import type { PresenceUser } from '@taizhang/schema'
import * as Y from 'yjs'
import { fetchStateVector } from '../api/endpoints'
import { fromBase64 } from './base64'
import { SheetConnection } from './connection'
import { persistDoc, type DocPersistence, type LoadSource } from './docPersistence'
import { fetchServerState } from './serverState'
import { shareWithTabs } from './tabChannel'

export interface SheetSession {
  readonly sheetId: string
  readonly doc: Y.Doc
  readonly persistence: DocPersistence
  /** The server connection; null until `ready`. */
  readonly connection: SheetConnection | null
  /**
   * Resolves once the local copy (or the server's state) is in the doc and the
   * connection exists; with a local copy its socket opens a moment later (when idle).
   */
  readonly ready: Promise<void>
  destroy(): void
}

export function openSheetSession(sheetId: string, token: string, user: PresenceUser): SheetSession {
  const doc = new Y.Doc()
  const persistence = persistDoc(doc, sheetId, {
    initialState: (signal) =>
      navigator.onLine
        ? fetchServerState(sheetId, token, signal).catch((error: unknown) => {
            if (!signal.aborted) console.warn('[台账] 无法下载表格内容，改由同步连接获取', error)
            return null
          })
        : Promise.resolve(null),
  })
  // Listens to the other tabs at once, before IndexedDB is read (see tabChannel).
  const tabs = shareWithTabs(
    doc,
    sheetId,
    persistence.loaded.catch(() => undefined),
  )
  let connection: SheetConnection | null = null
  let destroyed = false
  let cancelConnect = () => {}
  const ready = persistence.loaded
    .catch((error: unknown): LoadSource => {
      // Without IndexedDB (private mode, full disk) the sheet still works online.
      console.error('[台账] 无法读取本地副本', error)
      return 'none'
    })
    .then((source) => {
      if (destroyed) return
      const opened = new SheetConnection({
        sheetId,
        doc,
        user,
        fetchServerStateVector: async (id, signal) =>
          fromBase64(await fetchStateVector(id, signal)),
      })
      connection = opened
      if (source !== 'none') cancelConnect = whenIdle(() => opened.connect())
      else opened.connect()
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
      cancelConnect()
      connection?.destroy()
      tabs.destroy()
      persistence.destroy()
      doc.destroy()
    },
  }
}

/** Longest wait for an idle moment before the socket of a loaded sheet opens anyway. */
export const CONNECT_IDLE_TIMEOUT_MS = 1000

/** Runs `task` once the page is idle (the first rows drawn); returns a cancel function. */
function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(task, { timeout: CONNECT_IDLE_TIMEOUT_MS })
    return () => cancelIdleCallback(handle)
  }
  // Safari has no requestIdleCallback: after the next frames, roughly when rows are drawn.
  const timer = setTimeout(task, 200)
  return () => clearTimeout(timer)
}
