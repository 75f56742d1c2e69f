/**
 * @module routes/sync
 * `GET /sync/:sheetId?ticket=…` (or `?token=…`) — the WebSocket the stock `y-websocket` provider connects to
 * (SPEC §6.3). The upgrade is always accepted, and a refusal is a close code the provider
 * understands as final (schema's `SYNC_CLOSE`): `unauthenticated` no or invalid token,
 * `unknownSheet`, `forbidden` the user may not read the sheet; `serverError` if the check
 * itself failed. A session that ends while the socket is open closes it (`unauthenticated`).
 * Who connects: `?ticket=` — a single-use sync ticket from `POST /api/sync-ticket` (what
 * the web app sends, so its session token never sits in a URL) — or `?token=` — a session
 * token (scripts, the stock provider). Never the session cookie: a browser sends that with
 * a WebSocket from ANY page (no CORS for WebSockets), so a cookie-authenticated socket
 * would let another site read and write sheets in the user's name (issue 17 item 6).
 * Everything after the check is the room's business.
 * Not for: the protocol itself (`sync/Room.ts`) or who may do what (`SyncAccess`).
 */
import { Hono } from 'hono'
import type { UpgradeWebSocket, WSContext, WSEvents } from 'hono/ws'
import { syncClose } from '@taizhang/schema'
import type { SyncAccess } from '../auth/syncAccess'
import type { Connection } from '../sync/Room'
import type { RoomManager } from '../sync/RoomManager'
import type { SyncUser } from '../sync/SyncUser'

export interface SyncRouteOptions {
  rooms: RoomManager
  access: SyncAccess
  upgradeWebSocket: UpgradeWebSocket<any>
}

/** The part of a `ws` WebSocket we listen on (what @hono/node-ws puts in `raw`). */
interface RawSocket {
  on(event: 'message', listener: (data: Uint8Array, isBinary: boolean) => void): void
}

type Decision =
  | { ok: true; user: SyncUser; readOnly: boolean; expiresAt?: number }
  | { ok: false; close: [code: number, reason: string] }

/** setTimeout's limit (~24.8 days); a longer session is re-checked on the next connect. */
const MAX_TIMER_MS = 2_147_483_647

export function syncRoutes({ rooms, access, upgradeWebSocket }: SyncRouteOptions): Hono {
  return new Hono().get(
    '/:sheetId',
    upgradeWebSocket(async (c) => {
      const sheetId = c.req.param('sheetId') ?? ''
      const ticket = c.req.query('ticket')
      const token = c.req.query('token') || undefined
      // decided before the socket opens; frames sent meanwhile are buffered by the adapter
      const decision: Decision = await (async (): Promise<Decision> => {
        const user = await access.authenticate(token, ticket)
        if (!user) return { ok: false, close: syncClose('unauthenticated') }
        const level = await access.access(user, sheetId)
        if (level === 'unknown') return { ok: false, close: syncClose('unknownSheet') }
        if (level === 'none') return { ok: false, close: syncClose('forbidden') }
        return { ok: true, user, readOnly: level === 'read', expiresAt: user.sessionExpiresAt }
      })().catch(() => ({ ok: false, close: syncClose('serverError') }))
      let connection: Connection | null = null
      let expiry: ReturnType<typeof setTimeout> | null = null
      const stop = () => {
        if (expiry) clearTimeout(expiry)
        expiry = null
        connection?.closed()
        connection = null
      }
      const events: WSEvents = {
        onOpen(_event, ws: WSContext) {
          if (!decision.ok) return ws.close(...decision.close)
          if (decision.expiresAt !== undefined) {
            // a session that ends while the socket is open ends the socket too
            const left = Math.max(0, decision.expiresAt - Date.now())
            if (left < MAX_TIMER_MS) {
              expiry = setTimeout(
                () => ws.close(...syncClose('unauthenticated', '登录已过期')),
                left,
              )
            }
          }
          connection = rooms.connect(
            sheetId,
            {
              send: (data) => ws.send(data as Uint8Array<ArrayBuffer>),
              close: (code, reason) => ws.close(code, reason),
            },
            { user: decision.user, readOnly: decision.readOnly },
          )
          // Frames straight from the `ws` socket (Node adapter): no MessageEvent and no copy
          // per frame. Frames that arrived before this point still come through onMessage.
          const raw = ws.raw as RawSocket | undefined
          if (raw && typeof raw.on === 'function') {
            raw.on('message', (data: Uint8Array, isBinary: boolean) => {
              delete events.onMessage
              connection?.receive(isBinary ? data : String(data))
            })
          }
        },
        onMessage(event) {
          connection?.receive(event.data as ArrayBuffer | string)
        },
        onClose: stop,
        onError: stop,
      }
      return events
    }),
  )
}
