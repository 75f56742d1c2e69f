/**
 * @module sync/roomAwareness
 * Who is in a room and where their cursor is (y-protocols awareness): relayed to every
 * connection of the room, the sender too (the stock provider's 30 s watchdog needs traffic),
 * and to the other nodes of a cluster; capped in size; never stored; a connection's states
 * are removed when it closes. Losing some is harmless: the next update carries the whole
 * state again.
 *
 * Not for: the document (`Room.ts`).
 */
import { syncClose } from '@taizhang/schema'
import * as awarenessProtocol from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { encodeAwareness } from './protocol'
import type { Conn, RoomConnections } from './roomConnections'

export interface RoomAwarenessOptions {
  /** Larger awareness updates are dropped. */
  maxBytes: number
  /** An awareness change of this node's connections, for the other nodes. */
  publish?: (update: Uint8Array) => void
  onError: (error: unknown) => void
}

/** Origin of states another node's connections set (not published back). */
const REMOTE_ORIGIN = Symbol('remote awareness')

export class RoomAwareness {
  private readonly states: awarenessProtocol.Awareness

  constructor(
    doc: Y.Doc,
    private readonly conns: RoomConnections,
    private readonly options: RoomAwarenessOptions,
  ) {
    this.states = new awarenessProtocol.Awareness(doc)
    this.states.setLocalState(null)
    this.states.on('update', this.relay)
  }

  /** An awareness message from a connection (a malformed one closes it: `malformed`). */
  receive(conn: Conn, update: Uint8Array): void {
    if (update.byteLength > this.options.maxBytes) return
    try {
      awarenessProtocol.applyAwarenessUpdate(this.states, update, conn)
    } catch {
      this.conns.drop(conn, ...syncClose('malformed', '在线状态'))
    }
  }

  /** Awareness from another node's connections: relayed to ours. */
  receiveRemote(update: Uint8Array): void {
    try {
      awarenessProtocol.applyAwarenessUpdate(this.states, update, REMOTE_ORIGIN)
    } catch (error) {
      this.options.onError(error)
    }
  }

  /** Every state this room knows, to one connection (nothing when there is none). */
  sendAll(conn: Conn): void {
    const ids = [...this.states.getStates().keys()]
    if (ids.length === 0) return
    const update = awarenessProtocol.encodeAwarenessUpdate(this.states, ids)
    conn.socket.send(encodeAwareness(update))
  }

  /** A connection closed: the states it controlled go (and everybody is told). */
  left(conn: Conn): void {
    if (conn.awarenessIds.size === 0) return
    awarenessProtocol.removeAwarenessStates(this.states, [...conn.awarenessIds], null)
  }

  destroy(): void {
    this.states.destroy()
  }

  private readonly relay = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (this.conns.has(origin)) {
      for (const id of added) origin.awarenessIds.add(id)
      for (const id of removed) origin.awarenessIds.delete(id)
    }
    const changed = [...added, ...updated, ...removed]
    const update = awarenessProtocol.encodeAwarenessUpdate(this.states, changed)
    // remote states come from Redis, and timeouts happen on every node by themselves
    if (origin !== REMOTE_ORIGIN && origin !== 'timeout') this.options.publish?.(update)
    this.conns.relay(encodeAwareness(update), null)
  }
}
