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
 * would let another site read and write sheets in the user's name (docs/RELIABILITY.md §4, cross-site).
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
  /** Bytes queued by ws and the net socket, not yet handed to the network. */
  bufferedAmount?: number
  terminate?(): void
}

type Decision =
  | {
      ok: true
      user: SyncUser
      readOnly: boolean
      expiresAt?: number
      session?: SessionWatch
    }
  | { ok: false; close: [code: number, reason: string] }

/** How a socket keeps up with its session's idle timeout (`SyncAccess` gives it). */
type SessionWatch = NonNullable<Awaited<ReturnType<SyncAccess['authenticate']>>>['session']

/** setTimeout's limit (~24.8 days); a longer session is re-checked on the next connect. */
const MAX_TIMER_MS = 2_147_483_647

/** A frame that writes: sync step 2 or update (type 0, subtype 1 or 2); awareness does not. */
function writes(data: Uint8Array | ArrayBuffer | string): boolean {
  if (typeof data === 'string') return false
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data)
  return bytes.length > 1 && bytes[0] === 0 && (bytes[1] === 1 || bytes[1] === 2)
}

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
        const level = await access.syncAccessLevel(user, sheetId)
        if (level === 'unknown') return { ok: false, close: syncClose('unknownSheet') }
        if (level === 'none') return { ok: false, close: syncClose('forbidden') }
        return {
          ok: true,
          user,
          readOnly: level === 'read',
          expiresAt: user.sessionExpiresAt,
          session: user.session,
        }
      })().catch(() => ({ ok: false, close: syncClose('serverError') }))
      let connection: Connection | null = null
      let expiry: ReturnType<typeof setTimeout> | null = null
      // the socket wrote since the session was last renewed: that is a use of the session
      let wrote = false
      let ended = false
      const stop = () => {
        ended = true
        if (expiry) clearTimeout(expiry)
        expiry = null
        connection?.closed()
        connection = null
      }
      /**
       * A session that ends while the socket is open ends the socket too. With an idle
       * timeout, shortly before the end the socket asks again: if it wrote meanwhile that
       * counts as a use (the end moves on), else the end may have moved by the session's
       * other uses (API requests); if not, the socket closes at the end (4401).
       */
      const watch = (ws: WSContext, expiresAt: number) => {
        const left = expiresAt - Date.now()
        const session = decision.ok ? decision.session : undefined
        const wait = session && left > session.renewBeforeMs ? left - session.renewBeforeMs : left
        if (wait >= MAX_TIMER_MS) return
        expiry = setTimeout(
          () => {
            expiry = null
            if (!session || left <= 0)
              return ws.close(...syncClose('unauthenticated', '登录已过期'))
            const used = wrote
            wrote = false
            session.renew(used).then(
              (next) => {
                if (ended) return
                if (next === null || next <= Date.now()) {
                  ws.close(...syncClose('unauthenticated', '登录已过期'))
                } else watch(ws, next)
              },
              () => ended || ws.close(...syncClose('serverError')),
            )
          },
          Math.max(0, wait),
        )
      }
      const events: WSEvents = {
        onOpen(_event, ws: WSContext) {
          if (!decision.ok) return ws.close(...decision.close)
          if (decision.expiresAt !== undefined) watch(ws, decision.expiresAt)
          connection = rooms.connect(
            sheetId,
            {
              send: (data) => ws.send(data as Uint8Array<ArrayBuffer>),
              close: (code, reason) => ws.close(code, reason),
              bufferedAmount: () => (ws.raw as RawSocket | undefined)?.bufferedAmount ?? 0,
              terminate: () => (ws.raw as RawSocket | undefined)?.terminate?.(),
            },
            { user: decision.user, readOnly: decision.readOnly },
          )
          // Frames straight from the `ws` socket (Node adapter): no MessageEvent and no copy
          // per frame. Frames that arrived before this point still come through onMessage.
          const raw = ws.raw as RawSocket | undefined
          if (raw && typeof raw.on === 'function') {
            raw.on('message', (data: Uint8Array, isBinary: boolean) => {
              delete events.onMessage
              if (isBinary && !wrote && writes(data)) wrote = true
              connection?.receive(isBinary ? data : String(data))
            })
          }
        },
        onMessage(event) {
          const data = event.data as ArrayBuffer | string
          if (!wrote && writes(data)) wrote = true
          connection?.receive(data)
        },
        onClose: stop,
        onError: stop,
      }
      return events
    }),
  )
}
