/**
 * @module sync/ticketSocket
 * A `WebSocket` stand-in for the y-websocket provider (its `WebSocketPolyfill` option) that
 * asks the server for a single-use sync ticket (`POST /api/sync-ticket`, bearer token)
 * before every connect and opens `…/sync/:sheetId?ticket=…`. So the long-lived session
 * token never sits in a URL (proxy logs, the browser's history), and a leaked URL is
 * worthless after one use or 30 s (docs/RELIABILITY.md §4, cross-site).
 * The provider builds its socket synchronously, so this object is CONNECTING while the
 * ticket is fetched and then forwards everything to the real socket. No ticket: 401 closes
 * with 4401 (final: the provider stops, the app asks to log in again); anything else
 * (offline, a 5xx) closes with 1006 and the provider retries with its backoff.
 * Not for: the sync protocol (the provider) or the connection status (connection.ts).
 */
import { SYNC_CLOSE } from '@taizhang/schema'
import { ApiError } from '../api/client'

type Listener<E> = ((event: E) => void) | null

/** `getTicket` is asked once per connect; returns the ticket text. */
export function ticketWebSocket(getTicket: () => Promise<string>): typeof WebSocket {
  class TicketWebSocket {
    static readonly CONNECTING = 0
    static readonly OPEN = 1
    static readonly CLOSING = 2
    static readonly CLOSED = 3
    readonly CONNECTING = 0
    readonly OPEN = 1
    readonly CLOSING = 2
    readonly CLOSED = 3

    onopen: Listener<Event> = null
    onmessage: Listener<MessageEvent> = null
    onerror: Listener<Event> = null
    onclose: Listener<CloseEvent> = null
    binaryType: BinaryType = 'blob'
    private socket: WebSocket | null = null
    private state = 0

    constructor(
      readonly url: string,
      readonly protocols?: string | string[],
    ) {
      getTicket().then(
        (ticket) => this.open(ticket),
        (error: unknown) => {
          const refused = error instanceof ApiError && error.status === 401
          this.finish(refused ? SYNC_CLOSE.unauthenticated.code : 1006, '无法取得同步凭证')
        },
      )
    }

    get readyState(): number {
      return this.socket ? this.socket.readyState : this.state
    }

    get bufferedAmount(): number {
      return this.socket?.bufferedAmount ?? 0
    }

    send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (!this.socket) throw new DOMException('still connecting', 'InvalidStateError')
      this.socket.send(data as ArrayBuffer)
    }

    close(code?: number, reason?: string): void {
      if (this.socket) return this.socket.close(code, reason)
      // closed while the ticket was on its way: never open, report the close like a socket
      if (this.state === this.CONNECTING) this.finish(code ?? 1000, reason ?? '')
    }

    private open(ticket: string): void {
      if (this.state !== this.CONNECTING) return
      const url = `${this.url}${this.url.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(ticket)}`
      const socket = new WebSocket(url, this.protocols)
      socket.binaryType = this.binaryType
      socket.onopen = (event) => this.onopen?.(event)
      socket.onmessage = (event) => this.onmessage?.(event)
      socket.onerror = (event) => this.onerror?.(event)
      socket.onclose = (event) => {
        this.state = this.CLOSED
        this.onclose?.(event)
      }
      this.socket = socket
    }

    private finish(code: number, reason: string): void {
      if (this.state === this.CLOSED) return
      this.state = this.CLOSED
      // asynchronously, as a real socket reports its close
      setTimeout(() => this.onclose?.(new CloseEvent('close', { code, reason, wasClean: false })))
    }
  }
  return TicketWebSocket as unknown as typeof WebSocket
}
