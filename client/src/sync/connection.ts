/**
 * @module sync/connection
 * The live link of one sheet to the server: the stock y-websocket `WebsocketProvider`
 * (`ws://HOST/sync/:sheetId?ticket=…`, a fresh single-use ticket per connect — see
 * `ticketSocket`; its own BroadcastChannel is off — `tabChannel` keeps
 * the tabs of one browser in step, without posting the whole doc on every connect), plus the indicator people see — 在线 / 离线 / 同步中 and how many
 * local changes the server has not confirmed yet.
 * Confirmation: every local transaction leaves a marker `{client, clock}` (kept in
 * IndexedDB so it survives an offline reload); while connected, the server's state vector
 * (`GET /api/sheets/:id/state-vector`) is asked for after changes and markers it covers
 * are dropped. The server stores an update before relaying it, so covered means stored.
 * Not for: IndexedDB persistence of the doc (docPersistence) or React (hooks/).
 */
import { closeMessage, SYNC_CLOSE } from '@taizhang/schema'
import { fetchMe } from '../api/endpoints'
import { Awareness } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { fetchSyncTicket } from '../api/endpoints'
import { addPending, listPending, removePending } from './localStore'
import type { CellCursor, PresenceState, PresenceUser } from '@taizhang/schema'
import {
  connectionState,
  nextCheckDelay,
  splitConfirmed,
  type ConnectionState,
  type PendingMarker,
} from './pending'
import { ticketWebSocket } from './ticketSocket'

export interface ConnectionStatus {
  state: ConnectionState
  /** Local changes not yet confirmed by the server. */
  pending: number
  /** Why the server refused the connection for good (it will not be retried), in Chinese. */
  refused: string | null
}

export interface ConnectionOptions {
  sheetId: string
  doc: Y.Doc
  user: PresenceUser
  /** A single-use sync ticket for each connect; defaults to `POST /api/sync-ticket`. */
  fetchTicket?: () => Promise<string>
  /** ws(s)://host/sync; defaults to this page's host. */
  serverUrl?: string
  /** The server's state vector of the sheet (encoded by `Y.encodeStateVector`). */
  fetchServerStateVector: (sheetId: string, signal: AbortSignal) => Promise<Uint8Array>
}

export function defaultSyncUrl(): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${protocol}//${location.host}/sync`
}

/** Presence cursors are sent at most this often. */
export const CURSOR_THROTTLE_MS = 100

interface Marker extends PendingMarker {
  key?: number
}

export class SheetConnection {
  readonly provider: WebsocketProvider
  readonly awareness: Awareness
  private readonly listeners = new Set<(status: ConnectionStatus) => void>()
  private markers: Marker[] = []
  private connected = false
  private synced = false
  private refused: string | null = null
  private checkTimer: ReturnType<typeof setTimeout> | null = null
  private checkAttempt = 0
  private checking: AbortController | null = null
  private destroyed = false
  /** `connect()` was called: the socket should be open whenever the network allows. */
  private wanted = false
  private status: ConnectionStatus
  private nextCursor: CellCursor | null = null
  private cursorTimer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly options: ConnectionOptions) {
    const { doc, sheetId, user } = options
    this.status = { state: 'offline', pending: 0, refused: null }
    this.provider = new WebsocketProvider(options.serverUrl ?? defaultSyncUrl(), sheetId, doc, {
      WebSocketPolyfill: ticketWebSocket(options.fetchTicket ?? fetchSyncTicket),
      connect: false,
      disableBc: true,
    })
    this.awareness = this.provider.awareness
    this.awareness.setLocalState({ user, cursor: null } satisfies PresenceState)

    this.provider.on('status', ({ status }) => {
      this.connected = status === 'connected'
      if (!this.connected) this.synced = false
      this.emit()
    })
    this.provider.on('sync', (synced: boolean) => {
      this.synced = synced
      this.checkAttempt = 0
      this.emit()
      this.scheduleCheck(0)
    })
    this.provider.on('closed', ({ code }) => {
      // only a final refusal ends up here: the provider retries every other close
      this.refused = closeMessage(code)
      this.emit()
      // signed out elsewhere (disabled, password reset, logged out): /api/me answers 401
      // and the session's onUnauthorized sends the person to the login page
      if (code === SYNC_CLOSE.unauthenticated.code) void fetchMe().catch(() => {})
    })
    doc.on('afterTransaction', this.onTransaction)
    window.addEventListener('online', this.onBrowserOnline)
    window.addEventListener('offline', this.onBrowserOffline)

    void listPending(sheetId).then((stored) => {
      if (this.destroyed) return
      const known = stored.map(({ key, record }) => ({
        key,
        client: record.client,
        clock: record.clock,
      }))
      this.markers = [...known, ...this.markers]
      this.emit()
      this.scheduleCheck(0)
    })
  }

  /** Opens the socket (call once the local copy is loaded, so the first sync is small). */
  connect(): void {
    this.wanted = true
    this.provider.connect()
  }

  getStatus(): ConnectionStatus {
    return this.status
  }

  subscribe(listener: (status: ConnectionStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Where this person's cursor is, for the others' presence outlines. Throttled: at
   * most one awareness update per `CURSOR_THROTTLE_MS`, always ending on the latest cell.
   */
  setCursor(cursor: CellCursor | null): void {
    this.nextCursor = cursor
    if (this.cursorTimer) return
    this.flushCursor()
    this.cursorTimer = setTimeout(() => {
      this.cursorTimer = null
      this.flushCursor()
    }, CURSOR_THROTTLE_MS)
  }

  private flushCursor(): void {
    const state = this.awareness.getLocalState() as PresenceState | null
    if (!state || this.destroyed) return
    const cursor = this.nextCursor
    const same = state.cursor?.rowId === cursor?.rowId && state.cursor?.colId === cursor?.colId
    if (!same) this.awareness.setLocalStateField('cursor', cursor)
  }

  destroy(): void {
    this.destroyed = true
    if (this.checkTimer) clearTimeout(this.checkTimer)
    if (this.cursorTimer) clearTimeout(this.cursorTimer)
    this.checking?.abort()
    this.options.doc.off('afterTransaction', this.onTransaction)
    window.removeEventListener('online', this.onBrowserOnline)
    window.removeEventListener('offline', this.onBrowserOffline)
    this.awareness.setLocalState(null)
    this.provider.destroy()
    this.listeners.clear()
  }

  /** A local transaction that wrote something leaves a marker (no update encoding needed). */
  private onTransaction = (tr: Y.Transaction, doc: Y.Doc) => {
    const before = tr.beforeState.get(doc.clientID) ?? 0
    const after = tr.afterState.get(doc.clientID) ?? 0
    // Only writes advance the clock the server's state vector can confirm.
    if (!tr.local || after === before) return
    const marker: Marker = { client: doc.clientID, clock: Y.getState(doc.store, doc.clientID) }
    this.markers.push(marker)
    const sheetId = this.options.sheetId
    void addPending({ sheetId, client: marker.client, clock: marker.clock, at: Date.now() }).then(
      (key) => {
        marker.key = key
        // Confirmed before its marker was even stored: drop it now.
        if (!this.markers.includes(marker)) void removePending([key])
      },
    )
    this.checkAttempt = 0
    this.emit()
    this.scheduleCheck(0)
  }

  /**
   * The browser knows at once when the network is gone, long before a silent socket
   * times out: drop the socket then (changes keep going to IndexedDB; the provider keeps
   * retrying with its backoff), and reconnect at once when the network is back.
   */
  private onBrowserOffline = () => {
    if (this.refused || !this.wanted) return
    this.provider.ws?.close()
    // with no network the close handshake may take long to finish (and the provider's
    // 'status' event with it): show 离线 now, the browser has told us
    this.connected = false
    this.synced = false
    this.emit()
  }

  private onBrowserOnline = () => {
    if (this.refused || !this.wanted || this.destroyed) return
    if (this.provider.wsconnected) return
    this.provider.disconnect()
    this.provider.connect()
  }

  private scheduleCheck(attempt: number): void {
    if (this.destroyed || this.markers.length === 0) return
    if (this.checkTimer) clearTimeout(this.checkTimer)
    this.checkTimer = setTimeout(() => void this.check(), nextCheckDelay(attempt))
  }

  /** Asks the server how far it has stored and drops the markers it covers. */
  private async check(): Promise<void> {
    this.checkTimer = null
    if (this.destroyed || !this.connected || !this.synced || this.markers.length === 0) return
    this.checking?.abort()
    const controller = new AbortController()
    this.checking = controller
    try {
      const sv = Y.decodeStateVector(
        await this.options.fetchServerStateVector(this.options.sheetId, controller.signal),
      )
      if (this.destroyed) return
      const { confirmed, pending } = splitConfirmed(this.markers, sv)
      this.markers = pending
      void removePending(confirmed.flatMap((m) => (m.key === undefined ? [] : [m.key])))
      this.emit()
      if (pending.length > 0) this.scheduleCheck(++this.checkAttempt)
    } catch {
      if (!controller.signal.aborted) this.scheduleCheck(++this.checkAttempt)
    } finally {
      if (this.checking === controller) this.checking = null
    }
  }

  private emit(): void {
    const pending = this.markers.length
    const state = connectionState({ connected: this.connected, synced: this.synced, pending })
    const previous = this.status
    if (
      previous.state === state &&
      previous.pending === pending &&
      previous.refused === this.refused
    ) {
      return
    }
    this.status = { state, pending, refused: this.refused }
    for (const listener of this.listeners) listener(this.status)
  }
}
