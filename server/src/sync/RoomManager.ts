/**
 * @module sync/RoomManager
 * The open sheets of one server: one `Room` per sheet, created on first use (so many clients
 * arriving together share ONE load of the stored state) and unloaded `unloadAfterMs` after
 * its last connection left, once every write it accepted is stored (a final snapshot is
 * written on the way out). A room that is still unloading delays the load of its successor,
 * so the successor never misses a write.
 *
 * This is the sync layer's whole surface for the rest of the server: routes connect sockets,
 * the workflow and conflict routes make server changes, `close()` flushes at shutdown.
 * Not for: authentication or permissions (`routes/sync.ts` decides before `connect`).
 */
import { syncClose } from '@taizhang/schema'
import type * as Y from 'yjs'
import type { DocStore } from '../storage/DocStore'
import type { ClusterFanout } from './clusterFanout'
import { SyncLimiter, type SyncLimits } from './limits'
import { Room, type ConnectOptions, type Connection, type SyncSocket } from './Room'
import type { RoomsApi } from './RoomsApi'
import { DEFAULT_SHAPE_LIMITS, type ShapeLimits } from './updateShape'

export interface RoomManagerOptions {
  store: DocStore
  /** Largest accepted frame; larger ones close the connection (`tooLarge`). SPEC default 16 MiB. */
  maxMessageBytes?: number
  /** Largest relayed awareness update; larger ones are dropped. */
  maxAwarenessBytes?: number
  /** How long an unused sheet stays in memory. */
  unloadAfterMs?: number
  /** Snapshot after this many updates… */
  compactEvery?: number
  /** …or once a sheet has had no write for this long. */
  compactAfterMs?: number
  /** After every stored change (debounce on the caller's side: it is called often). */
  onDocChanged?: (sheetId: string, doc: Y.Doc, changedRowIds: string[]) => void
  /** A user id as it should appear in conflict records (default: the id; the API maps ids). */
  userLabel?: (userId: string) => string | undefined
  /** Errors nobody is waiting for (a failed compaction, an unusable stored update). */
  onError?: (error: unknown) => void
  /** Per-user connection count and per-connection rates (defaults in `limits.ts`). */
  limits?: Partial<SyncLimits>
  /** The other nodes of a cluster (SPEC §9): where stored changes and awareness go as well. */
  cluster?: ClusterFanout
  /** Relay changes only once they survive a power cut (see `Room`). */
  relayAfterSync?: boolean
  /** Cap on a connection's unread output; past it the connection is closed (`backlog`). */
  maxBufferedBytes?: number
  /** Nesting depth and row cap of client updates (defaults in `updateShape.ts`). */
  shape?: Partial<ShapeLimits>
}

export interface RoomStats {
  rooms: number
  connections: number
  unloading: number
}

export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024

export class RoomManager implements RoomsApi {
  private readonly rooms = new Map<string, Room>()
  private readonly unloading = new Map<string, Promise<void>>()
  private readonly unloadTimers = new Map<Room, ReturnType<typeof setTimeout>>()
  private readonly locks = new Map<string, boolean>()
  private closing = false
  private readonly maxMessageBytes: number
  private readonly maxAwarenessBytes: number
  private readonly unloadAfterMs: number
  private readonly compactEvery: number
  private readonly compactAfterMs: number
  private readonly limiter: SyncLimiter
  /** The nesting and row limits client updates are judged by. */
  readonly shape: ShapeLimits

  constructor(private readonly options: RoomManagerOptions) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES
    this.maxAwarenessBytes = options.maxAwarenessBytes ?? 64 * 1024
    this.unloadAfterMs = options.unloadAfterMs ?? 30_000
    this.compactEvery = options.compactEvery ?? 1000
    this.compactAfterMs = options.compactAfterMs ?? 60_000
    this.limiter = new SyncLimiter(options.limits)
    this.shape = { ...DEFAULT_SHAPE_LIMITS, ...options.shape }
  }

  /** Attach a socket to a sheet's room. Frames may be fed at once; they wait for the load. */
  connect(sheetId: string, socket: SyncSocket, options: ConnectOptions): Connection {
    if (this.closing) {
      socket.close(...syncClose('shuttingDown'))
      return { receive: () => {}, closed: () => {} }
    }
    const admitted = this.limiter.admit(socket, options.user.id)
    if (!admitted) return { receive: () => {}, closed: () => {} }
    const room = this.room(sheetId)
    this.cancelUnload(room)
    return admitted.wrap(room.connect(socket, options))
  }

  /** The loaded doc of a sheet (loads it if needed; unloaded again later if nobody connects). */
  async getDoc(sheetId: string): Promise<Y.Doc> {
    const room = this.room(sheetId)
    await room.ready
    if (room.connectionCount === 0) this.scheduleUnload(room)
    return room.doc
  }

  /** A change made by the server (workflow status, conflict records): stored, then relayed. */
  async applyServerChange(
    sheetId: string,
    userId: string | null,
    fn: (doc: Y.Doc) => void,
  ): Promise<void> {
    const room = this.room(sheetId)
    try {
      await room.applyServerChange(userId, fn)
    } finally {
      if (room.connectionCount === 0) this.scheduleUnload(room)
    }
  }

  /**
   * Resolves when every change to the sheet received so far survives a power cut (the web
   * app's "saved"). A sheet that is not open has nothing in flight beyond the store's own.
   */
  async durable(sheetId: string): Promise<void> {
    const room = this.rooms.get(sheetId)
    if (room) await room.durable()
    else await this.options.store.durable?.()
  }

  /** Lock or unlock a sheet for writes over sync (after accept / reopen). */
  setLocked(sheetId: string, locked: boolean): void {
    this.locks.set(sheetId, locked)
    this.rooms.get(sheetId)?.setLocked(locked)
  }

  /** Close every sync connection of a user (logout, disabled account, changed grants). */
  closeUserConnections(userId: string, code: number, reason: string): void {
    for (const room of this.rooms.values()) room.closeUser(userId, code, reason)
    this.options.cluster?.userClosed?.(userId, code, reason)
  }

  /** An update another node stored: into the open room of its sheet (if any), not stored. */
  applyRemoteUpdate(sheetId: string, update: Uint8Array): void {
    this.rooms.get(sheetId)?.applyRemoteUpdate(update)
  }

  /** Awareness from another node: relayed to the sheet's connections here. */
  applyRemoteAwareness(sheetId: string, update: Uint8Array): void {
    this.rooms.get(sheetId)?.applyRemoteAwareness(update)
  }

  stats(): RoomStats {
    let connections = 0
    for (const room of this.rooms.values()) connections += room.connectionCount
    return { rooms: this.rooms.size, connections, unloading: this.unloading.size }
  }

  /** Store every accepted write, snapshot every open sheet, close all connections. */
  async close(): Promise<void> {
    this.closing = true
    for (const timer of this.unloadTimers.values()) clearTimeout(timer)
    this.unloadTimers.clear()
    const rooms = [...this.rooms.values()]
    this.rooms.clear()
    await Promise.all(
      rooms.map(async (room) => {
        try {
          await room.ready.catch(() => {})
          await room.compact()
        } catch (error) {
          this.options.onError?.(error)
        } finally {
          room.destroy()
        }
      }),
    )
    await Promise.all(this.unloading.values())
  }

  private room(sheetId: string): Room {
    let room = this.rooms.get(sheetId)
    if (room) return room
    room = new Room(sheetId, {
      store: this.options.store,
      maxMessageBytes: this.maxMessageBytes,
      maxAwarenessBytes: this.maxAwarenessBytes,
      compactEvery: this.compactEvery,
      compactAfterMs: this.compactAfterMs,
      onDocChanged: this.options.onDocChanged,
      userLabel: this.options.userLabel,
      onError: this.options.onError,
      cluster: this.options.cluster,
      relayAfterSync: this.options.relayAfterSync,
      maxBufferedBytes: this.options.maxBufferedBytes,
      shape: this.shape,
      onEmpty: (empty) => this.scheduleUnload(empty),
      after: this.unloading.get(sheetId),
    })
    const locked = this.locks.get(sheetId)
    if (locked !== undefined) {
      const created = room
      void room.ready.then(() => created.setLocked(locked)).catch(() => {})
    }
    this.rooms.set(sheetId, room)
    return room
  }

  private cancelUnload(room: Room): void {
    const timer = this.unloadTimers.get(room)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(room)
  }

  private scheduleUnload(room: Room): void {
    if (this.closing || this.rooms.get(room.sheetId) !== room) return
    this.cancelUnload(room)
    const timer = setTimeout(() => this.unload(room), this.unloadAfterMs)
    timer.unref?.()
    this.unloadTimers.set(room, timer)
  }

  private unload(room: Room): void {
    this.unloadTimers.delete(room)
    if (this.rooms.get(room.sheetId) !== room || room.connectionCount > 0) return
    // remove it now, so a client arriving from here on gets a fresh room that loads after us
    this.rooms.delete(room.sheetId)
    const done: Promise<void> = (async () => {
      try {
        await room.ready.catch(() => {})
        await room.compact()
      } catch (error) {
        this.options.onError?.(error)
      } finally {
        room.destroy()
        if (this.unloading.get(room.sheetId) === done!) this.unloading.delete(room.sheetId)
        if (!this.rooms.has(room.sheetId)) this.options.cluster?.closed?.(room.sheetId)
      }
    })()
    this.unloading.set(room.sheetId, done)
  }
}
