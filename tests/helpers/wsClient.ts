/**
 * @module tests/helpers/wsClient
 * The stock y-websocket `WebsocketProvider` as a Node client of a test server, exactly as
 * SPEC §6.3 describes it (`/sync/:sheetId?token=`), with `ws` as the WebSocket and
 * BroadcastChannel off (otherwise providers in one process sync with each other and
 * bypass the server). Plus small waits: synced, closed by the server, a condition; and the
 * sync update frame raw-socket tests send.
 */
import * as encoding from 'lib0/encoding'
import * as authProtocol from 'y-protocols/auth'
import * as syncProtocol from 'y-protocols/sync'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import * as Y from 'yjs'

export interface SheetClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Resolves once the first sync with the server completed. */
  synced: Promise<void>
  /** Resolves when the server closes the connection with a 4xxx code (no reconnect then). */
  closed: Promise<{ code: number; reason: string }>
  /** Reasons of the permission-denied messages the server sent (y-protocols/auth). */
  denied: string[]
  destroy(): void
}

export function connectSheet(
  wsUrl: string,
  sheetId: string,
  token: string | undefined,
  doc = new Y.Doc(),
): SheetClient {
  const provider = new WebsocketProvider(`${wsUrl}/sync`, sheetId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: token ? { token } : {},
    maxBackoffTime: 300,
  })
  const denied: string[] = []
  // record the server's "permission denied" (y-protocols/auth) instead of console.warn
  provider.messageHandlers[2] = (_encoder, decoder, p) => {
    authProtocol.readAuthMessage(decoder, p.doc, (_doc, reason) => denied.push(reason))
  }
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve()
    else provider.once('sync', () => resolve())
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    provider.once('closed', (event) => resolve({ code: event.code, reason: event.reason })),
  )
  return {
    doc,
    provider,
    synced,
    closed,
    denied,
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Poll `check` until it returns true (or throw after `timeoutMs`). */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  { timeoutMs = 5000, intervalMs = 20, what = 'condition' } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** A y-websocket sync "update" frame carrying `update` (any bytes), as a raw socket sends it. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0) // messageSync
  syncProtocol.writeUpdate(e, update)
  return encoding.toUint8Array(e)
}
