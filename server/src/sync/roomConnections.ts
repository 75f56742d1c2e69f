/**
 * @module sync/roomConnections
 * The sockets of one room: the minimal socket interface the room speaks over (`SyncSocket`,
 * so the room knows nothing of Hono or `ws`), each connection's state, sending (a socket that
 * throws is removed), relaying a frame to every connection that has finished loading, and
 * closing from our side with a reason WebSocket can carry (schema's `SYNC_CLOSE`), and the
 * backlog cap: a connection whose unread output (the socket's `bufferedAmount`) is past
 * `maxBufferedBytes` when something more is to be sent is closed (`backlog`) instead, and
 * cut 2 s later, so a client that stops reading cannot make the server queue replies
 * without end (docs/RELIABILITY.md §3).
 * One frame always goes out whole, so a big sheet's first sync is never cut.
 *
 * Not for: what is sent (`Room.ts`, `protocol.ts`) or who may connect (`routes/sync.ts`).
 */
import { fitCloseReason, syncClose } from '@taizhang/schema'
import { encodePermissionDenied } from './protocol'
import type { SyncUser } from './SyncUser'

/** What the room needs of a WebSocket. */
export interface SyncSocket {
  send(data: Uint8Array): void
  close(code: number, reason: string): void
  /** Bytes sent but not yet passed to the network (ws `bufferedAmount`); absent: 0. */
  bufferedAmount?(): number
  /** Cut the connection at once, without waiting for the close handshake. */
  terminate?(): void
}

/**
 * How long a connection closed for its backlog may still drain before it is cut: its
 * close frame waits behind what it did not read, and the memory with it.
 */
const BACKLOG_GRACE_MS = 2000

/** Default cap on a connection's unread output (`TAIZHANG_SYNC_MAX_BUFFERED_BYTES`). */
export const DEFAULT_MAX_BUFFERED_BYTES = 8 * 1024 * 1024

export interface ConnectOptions {
  user: SyncUser
  readOnly: boolean
}

/** The room's handle for one socket: feed it frames, tell it when the socket closed. */
export interface Connection {
  receive(data: Uint8Array | ArrayBuffer | string): void
  closed(): void
}

export interface Conn {
  socket: SyncSocket
  user: SyncUser
  readOnly: boolean
  open: boolean
  /** Awareness client ids this connection controls (removed when it closes). */
  awarenessIds: Set<number>
  deniedSent: boolean
  /** Frames received before the doc was loaded; null once it is greeted. */
  early: Uint8Array[] | null
}

export class RoomConnections {
  private readonly conns = new Set<Conn>()

  /** `removed`: a connection left (closed by either side or failed to send). */
  constructor(
    private readonly removed: (conn: Conn) => void,
    private readonly maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES,
  ) {}

  get size(): number {
    return this.conns.size
  }

  add(socket: SyncSocket, { user, readOnly }: ConnectOptions): Conn {
    const conn: Conn = {
      socket,
      user,
      readOnly,
      open: true,
      awarenessIds: new Set(),
      deniedSent: false,
      early: [],
    }
    this.conns.add(conn)
    return conn
  }

  /** Whether a transaction or awareness origin is one of our connections. */
  has(origin: unknown): origin is Conn {
    return this.conns.has(origin as Conn)
  }

  /** To every connection that has finished loading, but `except`. */
  relay(frame: Uint8Array, except: Conn | null): void {
    for (const conn of this.conns) if (conn !== except && !conn.early) this.send(conn, frame)
  }

  send(conn: Conn, frame: Uint8Array): void {
    if (!conn.open || this.backlogged(conn)) return
    try {
      conn.socket.send(frame)
    } catch {
      this.remove(conn)
    }
  }

  /**
   * Whether the connection's unread output is past the cap; if so it is closed (`backlog`).
   * Checked before anything is sent, and before a reply is even encoded.
   */
  backlogged(conn: Conn): boolean {
    const buffered = conn.socket.bufferedAmount?.() ?? 0
    if (buffered <= this.maxBufferedBytes) return false
    this.drop(conn, ...syncClose('backlog', `${buffered} 字节未读`))
    const cut = setTimeout(() => {
      try {
        conn.socket.terminate?.()
      } catch {
        // already gone
      }
    }, BACKLOG_GRACE_MS)
    cut.unref?.()
    return true
  }

  /** Tell a connection once that its writes are dropped (read-only, or a locked sheet). */
  deny(conn: Conn): void {
    if (conn.deniedSent) return
    conn.deniedSent = true
    const reason = conn.readOnly ? '只读权限：修改不会被保存' : '表格已锁定（已审核通过）'
    this.send(conn, encodePermissionDenied(reason))
  }

  /** The sheet was unlocked: a later refusal is told again. */
  allowAgain(): void {
    for (const conn of this.conns) conn.deniedSent = false
  }

  /** Close a connection from our side (bad input, shutdown, revoked access). */
  drop(conn: Conn, code: number, reason: string): void {
    if (!conn.open) return
    try {
      conn.socket.close(code, fitCloseReason(reason))
    } catch {
      // already gone
    }
    this.remove(conn)
  }

  /** Close every connection (of one user, if given). */
  dropAll(code: number, reason: string, userId?: string): void {
    for (const conn of [...this.conns]) {
      if (userId === undefined || conn.user.id === userId) this.drop(conn, code, reason)
    }
  }

  remove(conn: Conn): void {
    if (!this.conns.has(conn)) return
    conn.open = false
    this.conns.delete(conn)
    this.removed(conn)
  }
}
