/**
 * @module sync/roomAwareness
 * Who is in a room and where their cursor is (y-protocols awareness): relayed to every
 * connection of the room, the sender too (the stock provider's 30 s watchdog needs traffic),
 * and to the other nodes of a cluster; capped in size; never stored; a connection's states
 * are removed when it closes. Losing some is harmless: the next update carries the whole
 * state again.
 *
 * Awareness is keyed by the sender's Yjs client id, which anybody can write into an update,
 * so the room does not take an update as it comes:
 * - a client id belongs to the user who introduced it: an entry for an id whose state names
 *   another user (set by this node or another one) is dropped, so nobody moves, renames or
 *   removes somebody else's presence; another connection of the same user takes the id over
 *   (a reconnect whose old socket has not closed yet), and a connection controls at most
 *   `MAX_CLIENT_IDS` ids (a provider uses one);
 * - `user` in every state is the connection's own, from its session: id, display name and
 *   schema's `presenceColor`, whatever the client wrote there.
 * The rest of a state (the cursor, a report section's selection) stays the client's.
 *
 * Not for: the document (`Room.ts`).
 */
import { presenceColor, syncClose, type PresenceUser } from '@taizhang/schema'
import * as awarenessProtocol from 'y-protocols/awareness'
import type * as Y from 'yjs'
import {
  decodeAwarenessEntries,
  encodeAwareness,
  encodeAwarenessEntries,
  type AwarenessEntry,
} from './protocol'
import type { Conn, RoomConnections } from './roomConnections'
import type { SyncUser } from './SyncUser'

export interface RoomAwarenessOptions {
  /** Larger awareness updates are dropped. */
  maxBytes: number
  /** An awareness change of this node's connections, for the other nodes. */
  publish?: (update: Uint8Array) => void
  onError: (error: unknown) => void
}

/** Client ids one connection may control (a provider has one; a few spare for odd clients). */
export const MAX_CLIENT_IDS = 8

/** Origin of states another node's connections set (not published back). */
const REMOTE_ORIGIN = Symbol('remote awareness')

/** The `user` of an awareness state, as the session says. */
const presenceUser = (user: SyncUser): PresenceUser => ({
  id: user.id,
  name: user.displayName || user.username || user.id,
  color: presenceColor(user.id),
})

/** The user id a stored state names (every state here passed a server that set it). */
function ownerOf(state: unknown): string | null {
  const user = (state as { user?: { id?: unknown } } | null)?.user
  return typeof user?.id === 'string' ? user.id : null
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export class RoomAwareness {
  private readonly states: awarenessProtocol.Awareness
  /** The connection of this node that controls each client id. */
  private readonly controllers = new Map<number, Conn>()

  constructor(
    doc: Y.Doc,
    private readonly conns: RoomConnections,
    private readonly options: RoomAwarenessOptions,
  ) {
    this.states = new awarenessProtocol.Awareness(doc)
    this.states.setLocalState(null)
    this.states.on('update', this.relay)
  }

  /**
   * An awareness message from a connection: the entries it may set, with `user` from its
   * session (a malformed message closes it: `malformed`).
   */
  receive(conn: Conn, update: Uint8Array): void {
    if (update.byteLength > this.options.maxBytes) return
    let entries: AwarenessEntry[]
    try {
      entries = decodeAwarenessEntries(update)
    } catch {
      return this.conns.drop(conn, ...syncClose('malformed', '在线状态'))
    }
    const claimed = new Set<number>()
    const accepted = entries.flatMap((entry) => this.fromConnection(conn, entry, claimed) ?? [])
    if (accepted.length === 0) return
    awarenessProtocol.applyAwarenessUpdate(this.states, encodeAwarenessEntries(accepted), conn)
  }

  /** Awareness from another node's connections (already checked there): relayed to ours. */
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
    if (ids.length === 0 || this.conns.backlogged(conn)) return
    const update = awarenessProtocol.encodeAwarenessUpdate(this.states, ids)
    this.conns.send(conn, encodeAwareness(update))
  }

  /** A connection closed: the states it controlled go (and everybody is told). */
  left(conn: Conn): void {
    if (conn.awarenessIds.size === 0) return
    const ids = [...conn.awarenessIds]
    for (const id of ids) this.controllers.delete(id)
    conn.awarenessIds.clear()
    awarenessProtocol.removeAwarenessStates(this.states, ids, null)
  }

  destroy(): void {
    this.states.destroy()
  }

  /**
   * `entry` as the room takes it from `conn`, or null when `conn` may not set that state;
   * `claimed`: ids this message takes on besides those `conn` controls already.
   */
  private fromConnection(
    conn: Conn,
    entry: AwarenessEntry,
    claimed: Set<number>,
  ): AwarenessEntry | null {
    const { clientId, state } = entry
    if (!conn.awarenessIds.has(clientId) && !claimed.has(clientId)) {
      const current = this.states.getStates().get(clientId)
      if (current !== undefined && ownerOf(current) !== conn.user.id) return null
      if (conn.awarenessIds.size + claimed.size >= MAX_CLIENT_IDS) return null
      claimed.add(clientId)
    }
    if (state === null) return entry
    if (!isPlainObject(state)) return null
    return { ...entry, state: { ...state, user: presenceUser(conn.user) } }
  }

  /** `conn` now controls `clientId` (taken over from another connection of the same user). */
  private bind(clientId: number, conn: Conn): void {
    const previous = this.controllers.get(clientId)
    if (previous === conn) return
    previous?.awarenessIds.delete(clientId)
    this.controllers.set(clientId, conn)
    conn.awarenessIds.add(clientId)
  }

  private unbind(clientId: number): void {
    this.controllers.get(clientId)?.awarenessIds.delete(clientId)
    this.controllers.delete(clientId)
  }

  private readonly relay = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (this.conns.has(origin)) {
      for (const id of added) this.bind(id, origin)
      for (const id of updated) this.bind(id, origin)
    }
    for (const id of removed) this.unbind(id)
    const changed = [...added, ...updated, ...removed]
    const update = awarenessProtocol.encodeAwarenessUpdate(this.states, changed)
    // remote states come from Redis, and timeouts happen on every node by themselves
    if (origin !== REMOTE_ORIGIN && origin !== 'timeout') this.options.publish?.(update)
    this.conns.relay(encodeAwareness(update), null)
  }
}
