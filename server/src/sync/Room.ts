/**
 * @module sync/Room
 * One open sheet on the server: its in-memory Y.Doc, the connections editing it, and the
 * ordered path every change takes — size check, structural check, APPEND TO THE STORE,
 * apply to the doc, relay the received bytes to the others unless the doc had them all
 * already (SPEC §6.3: "an update is on disk before it is relayed": in the store's log,
 * safe from a crash of the server; with `relayAfterSync`, flushed to the disk too). Appends
 * are issued in arrival order and applied in that same order once the store acknowledged
 * them (in the same turn when nothing is in flight and the store acknowledges at once), so
 * the doc, the log's seqs and what clients receive always agree. `durable()` is
 * the later point where everything applied also survives a power cut: the web app shows
 * "saved" only then.
 *
 * The room speaks the y-websocket protocol (see `protocol.ts`) over a minimal socket
 * (`SyncSocket`), so it knows nothing of Hono or `ws` (like tldraw's TLSocketRoom):
 * - nothing is sent to a connection before the stored state is loaded; messages that arrive
 *   earlier wait, in order;
 * - sync step 1 is answered with the whole state the client lacks, for every connection
 *   (a read-only user and a locked sheet still read);
 * - writes (step 2 / update) of a read-only connection or on a locked sheet are dropped and
 *   the client is told once with y-protocols/auth "permission denied";
 * - awareness is relayed to everybody (the sender too: the stock provider's 30 s watchdog
 *   needs traffic), capped in size, never stored, and removed when its connection closes.
 * Bad input closes only the connection that sent it (schema's `SYNC_CLOSE`): `tooLarge` over
 * the size limit, `malformed` for a frame that does not decode, `invalidUpdate` for a Yjs
 * update that does not decode or integrate, `textFrame` for a text frame.
 *
 * Not for: loading/unloading policy across sheets (`RoomManager.ts`), who may connect
 * (`routes/sync.ts`), conflict bookkeeping details (`conflictDetector.ts`).
 */
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import {
  DELETED,
  POS,
  fitCloseReason,
  readMeta,
  rowsMap,
  syncClose,
  type ConflictValue,
} from '@taizhang/schema'
import type { DocStore } from '../storage/DocStore'
import { detectConflicts, recordConflicts, type DetectedConflict } from './conflictDetector'
import {
  decodeMessage,
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  isValidStateVector,
} from './protocol'
import type { SyncUser } from './SyncUser'

/** What the room needs of a WebSocket. */
export interface SyncSocket {
  send(data: Uint8Array): void
  close(code: number, reason: string): void
}

export interface ConnectOptions {
  user: SyncUser
  readOnly: boolean
}

/** The room's handle for one socket: feed it frames, tell it when the socket closed. */
export interface Connection {
  receive(data: Uint8Array | ArrayBuffer | string): void
  closed(): void
}

export interface RoomOptions {
  store: DocStore
  maxMessageBytes: number
  maxAwarenessBytes: number
  /** Compact after this many stored updates… */
  compactEvery: number
  /** …or this long after the first update not in the snapshot. */
  compactAfterMs: number
  onDocChanged?: (sheetId: string, doc: Y.Doc, changedRowIds: string[]) => void
  /** A user id as shown in conflict records (default: the id itself; the API maps ids to names). */
  userLabel?: (userId: string) => string | undefined
  /** Called when the last connection leaves (the manager schedules the unload). */
  onEmpty?: (room: Room) => void
  /** Errors that concern nobody connected (a failed compaction): logged by the caller. */
  onError?: (error: unknown) => void
  /** Wait for this before loading (the previous room of the same sheet still unloading). */
  after?: Promise<unknown>
  /** Multi-node (docs/DEPLOY.md): how the room shares its changes with the other nodes. */
  cluster?: RoomClusterHooks
  /**
   * Relay a change only once it survives a power cut (`store.durable()`), not as soon as it
   * is in the log (`--relay-after fsync`; slower: every relay waits for a disk flush).
   */
  relayAfterSync?: boolean
}

/**
 * How a room takes part in a cluster (`cluster/ClusterSync.ts` implements it; absent on a
 * single node). Remote changes come back through `applyRemoteUpdate`/`applyRemoteAwareness`.
 */
export interface RoomClusterHooks {
  /** Before the stored state is read (the cluster notes the stream position to replay from). */
  beforeLoad(sheetId: string): Promise<void>
  /** The stored state up to `lastSeq` is in the doc. */
  loaded(sheetId: string, lastSeq: number): void
  /** A change of this node was stored with `seq`: publish it to the other nodes. */
  stored(sheetId: string, update: Uint8Array, seq: number): void
  /** A local awareness change (a y-protocols awareness update): publish it. */
  awareness(sheetId: string, update: Uint8Array): void
  /** The sheet's room was unloaded and no newer room replaced it (RoomManager calls it). */
  closed?(sheetId: string): void
  /** A user's connections were closed here (logout, changed grants): close them everywhere. */
  userClosed?(userId: string, code: number, reason: string): void
}

interface Conn {
  socket: SyncSocket
  user: SyncUser
  readOnly: boolean
  open: boolean
  /** Awareness client ids this connection controls (removed when it closes). */
  awarenessIds: Set<number>
  deniedSent: boolean
  /** Frames received before the doc was loaded. */
  early: Uint8Array[] | null
}

/** Transaction origin of changes the server makes itself (relayed after the append). */
const SERVER_ORIGIN = Symbol('server change')
/** Transaction origin while loading from the store (no conflicts, no relay). */
const LOAD_ORIGIN = Symbol('load')
/** Transaction origin of changes another node stored (relayed here, not stored again). */
const REMOTE_ORIGIN = Symbol('remote')

const isEmptyUpdate = (update: Uint8Array): boolean =>
  update.length === 2 && update[0] === 0 && update[1] === 0

const toBytes = (data: Uint8Array | ArrayBuffer): Uint8Array =>
  data instanceof Uint8Array ? data : new Uint8Array(data)

export class Room {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  /** Resolves when the stored state is in `doc`; rejects if loading failed. */
  readonly ready: Promise<void>
  private readonly conns = new Set<Conn>()
  private loaded = false
  private destroyed = false
  private locked = false
  /** The write pipeline: each step applies one committed change, in append order. */
  private chain: Promise<void> = Promise.resolve()
  private pendingWrites = 0
  private lastSeq = 0
  /** The last seq in the stored snapshot, or in the one being written (`compacting`). */
  private snapshotSeq = 0
  private compacting: Promise<void> = Promise.resolve()
  /** Bytes appended since the last snapshot, and that snapshot's size (compaction policy). */
  private bytesSinceSnapshot = 0
  private snapshotBytes = 0
  private compactTimer: ReturnType<typeof setTimeout> | null = null
  /** When the last write not in a snapshot was stored (ms; the quiet-time compaction). */
  private lastWriteAt = 0
  /** Yjs client id → who wrote with it and when (for conflict authors). */
  private readonly clients = new Map<number, { userId: string | null; at: Date }>()
  private clientsFromLog: Promise<void> | null = null
  private changedRows = new Set<string>()
  private docChanged = false
  private detected: DetectedConflict[] = []
  /** Guarded meta keys a client's change overwrote, and their values before it. */
  private metaOverwritten: Map<string, unknown> | null = null
  /** Whether the last transaction added structs or deletions (see `addedByLastApply`). */
  private lastApplyAdded = false
  /** The doc's state vector before the last transaction (see `integratedByFailedApply`). */
  private lastBeforeState: Map<number, number> | null = null

  constructor(
    readonly sheetId: string,
    private readonly options: RoomOptions,
  ) {
    this.awareness.setLocalState(null)
    // no 'update' listener: Yjs would encode every change again; we relay what we received
    this.doc.on('afterTransaction', this.watchTransaction)
    this.doc.getMap('meta').observe(this.watchMeta)
    this.awareness.on('update', this.relayAwareness)
    this.ready = this.load()
    // a failed load is reported to every connection; keep it from being unhandled
    this.ready.catch(() => {})
  }

  get connectionCount(): number {
    return this.conns.size
  }

  get isIdle(): boolean {
    return this.conns.size === 0 && this.pendingWrites === 0
  }

  get isLocked(): boolean {
    return this.locked
  }

  setLocked(locked: boolean): void {
    this.locked = locked
    if (!locked) for (const conn of this.conns) conn.deniedSent = false
  }

  connect(socket: SyncSocket, { user, readOnly }: ConnectOptions): Connection {
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
    this.ready.then(
      () => this.greet(conn),
      () => this.drop(conn, ...syncClose('serverError', '表格加载失败')),
    )
    return {
      receive: (data) => this.receive(conn, data),
      closed: () => this.remove(conn),
    }
  }

  /**
   * Make a change as the server (workflow status, conflict records and resolutions): it is
   * appended to the store first, then relayed to every connection. Ignores the lock.
   */
  applyServerChange(userId: string | null, fn: (doc: Y.Doc) => void): Promise<void> {
    this.pendingWrites++
    const step = this.chain.then(async () => {
      try {
        await this.ready
        let update: Uint8Array | null = null
        let failure: unknown = null
        const capture = (u: Uint8Array): void => {
          update = update ? Y.mergeUpdates([update, u]) : u
        }
        this.doc.on('update', capture)
        try {
          this.doc.transact(() => fn(this.doc), SERVER_ORIGIN)
        } catch (error) {
          // Yjs does not roll back: what fn changed before throwing is stored like the rest
          failure = error
        } finally {
          this.doc.off('update', capture)
        }
        if (update !== null) {
          const at = new Date()
          const seq = await this.options.store.append(this.sheetId, update, userId, at)
          if (this.options.relayAfterSync) await this.options.store.durable?.()
          this.options.cluster?.stored(this.sheetId, update, seq)
          this.bytesSinceSnapshot += (update as Uint8Array).byteLength
          this.lastSeq = Math.max(this.lastSeq, seq)
          this.clients.set(this.doc.clientID, { userId, at })
          this.broadcast(encodeUpdate(update))
          this.afterApply()
        }
        if (failure) throw failure
      } finally {
        this.pendingWrites--
        this.maybeCompact()
      }
    })
    this.chain = step.catch(() => {})
    return step
  }

  /** Resolves when every change received so far is stored and applied. */
  async settled(): Promise<void> {
    while (this.pendingWrites > 0) await this.chain
  }

  /** Resolves when every change received so far is applied and survives a power cut. */
  async durable(): Promise<void> {
    await this.settled()
    await this.options.store.durable?.()
  }

  /** Store a snapshot now if the log has grown since the last one (waits for writes). */
  async compact(): Promise<void> {
    await this.settled()
    await this.compactNow()
  }

  /**
   * Snapshot the doc as it is now. Only correct while no write is in flight: then the doc
   * holds exactly the updates with seq <= lastSeq (a server change appends when its turn
   * comes, so with writes in flight a higher seq may be applied before a lower one).
   * `snapshotSeq` moves when the snapshot is taken, not when it is written: edits applied in
   * the same turn (several frames of one read) must not each encode the whole sheet again.
   */
  private compactNow(): Promise<void> {
    if (!this.loaded || this.destroyed || this.pendingWrites > 0) return Promise.resolve()
    // the snapshot being written covers everything applied: wait for it
    if (this.lastSeq <= this.snapshotSeq) return this.compacting
    if (this.compactTimer) clearTimeout(this.compactTimer)
    this.compactTimer = null
    const upto = this.lastSeq
    const before = this.snapshotSeq
    this.snapshotSeq = upto
    const state = Y.encodeStateAsUpdate(this.doc)
    this.bytesSinceSnapshot = 0
    this.snapshotBytes = state.byteLength
    this.compacting = this.options.store.compact(this.sheetId, state, upto).catch((error) => {
      // not stored: the next compaction takes these updates again
      if (this.snapshotSeq === upto) this.snapshotSeq = before
      throw error
    })
    return this.compacting
  }

  /**
   * Compaction policy: after `compactEvery` updates, or more on a big sheet — one update per
   * 128 bytes of the sheet's stored size. Encoding a 2,000-row sheet costs about as much as
   * relaying a thousand small edits, so a fixed count would make compaction the relay's main
   * cost on big sheets; tied to size, its cost per update stays constant (≈ encoding 128
   * bytes) and loading replays at most size/128 small updates after the snapshot. A sheet
   * with updates not in a snapshot is compacted once it has been quiet for `compactAfterMs`
   * (no write), and when unloaded: not every `compactAfterMs` while edits keep coming, which
   * re-encoded a 2,000-row sheet (1 MiB, about 20 ms) every minute for a trickle of edits.
   */
  private maybeCompact(): void {
    if (this.pendingWrites > 0 || this.destroyed) return
    const size = this.snapshotBytes + this.bytesSinceSnapshot
    if (this.lastSeq - this.snapshotSeq >= Math.max(this.options.compactEvery, size / 128)) {
      this.compactNow().catch((error) => this.options.onError?.(error))
    } else if (this.lastSeq > this.snapshotSeq) {
      this.lastWriteAt = Date.now()
      if (!this.compactTimer) this.compactWhenQuiet(this.options.compactAfterMs)
    }
  }

  /**
   * Compact in `ms`, unless writes came meanwhile: then wait until `compactAfterMs` after
   * the last one (the timer is moved when it fires, not on every edit).
   */
  private compactWhenQuiet(ms: number): void {
    this.compactTimer = setTimeout(() => {
      this.compactTimer = null
      const quietMs = Date.now() - this.lastWriteAt
      if (quietMs < this.options.compactAfterMs) {
        return this.compactWhenQuiet(this.options.compactAfterMs - quietMs)
      }
      if (this.pendingWrites > 0) return this.maybeCompactLater()
      this.compactNow().catch((error) => this.options.onError?.(error))
    }, ms)
    this.compactTimer.unref?.()
  }

  /** Busy when the timer fired: try again once the current writes are done. */
  private maybeCompactLater(): void {
    void this.settled().then(() => {
      if (!this.compactTimer) this.maybeCompact()
    })
  }

  /** Close every connection (`shuttingDown`) and free the doc. Writes must be settled. */
  destroy(): void {
    this.destroyed = true
    for (const conn of [...this.conns]) this.drop(conn, ...syncClose('shuttingDown'))
    if (this.compactTimer) clearTimeout(this.compactTimer)
    this.awareness.destroy()
    this.doc.destroy()
  }

  closeUser(userId: string, code: number, reason: string): void {
    for (const conn of [...this.conns]) if (conn.user.id === userId) this.drop(conn, code, reason)
  }

  private async load(): Promise<void> {
    await this.options.after
    await this.options.cluster?.beforeLoad(this.sheetId)
    const { snapshot, uptoSeq, updates } = await this.options.store.load(this.sheetId)
    this.doc.transact(() => {
      if (snapshot) Y.applyUpdate(this.doc, snapshot)
      for (const u of updates) {
        try {
          Y.applyUpdate(this.doc, u.data)
        } catch (error) {
          // a stored update that cannot be applied must not keep the sheet from opening
          this.options.onError?.(
            new Error(`sheet ${this.sheetId} update ${u.seq}: ${String(error)}`),
          )
        }
      }
    }, LOAD_ORIGIN)
    this.lastSeq = updates.length ? updates[updates.length - 1]!.seq : uptoSeq
    this.snapshotSeq = uptoSeq
    this.snapshotBytes = snapshot?.byteLength ?? 0
    for (const u of updates) this.bytesSinceSnapshot += u.data.byteLength
    this.locked = readMeta(this.doc).status === 'accepted'
    this.loaded = true
    this.options.cluster?.loaded(this.sheetId, this.lastSeq)
  }

  /**
   * An update another node stored (cluster): applied after the load and relayed to this
   * node's connections, never stored again. Yjs ignores what the doc already holds.
   */
  applyRemoteUpdate(update: Uint8Array): void {
    void this.ready.then(
      () => {
        if (this.destroyed) return
        try {
          Y.applyUpdate(this.doc, update, REMOTE_ORIGIN)
        } catch (error) {
          // the storing node relayed what Yjs integrated before throwing; so does this one
          const integrated = this.integratedByFailedApply()
          if (integrated) this.broadcast(encodeUpdate(integrated))
          this.afterApply()
          return this.options.onError?.(error)
        }
        if (this.addedByLastApply()) this.broadcast(encodeUpdate(update))
        const locked = readMeta(this.doc).status === 'accepted'
        if (locked !== this.locked) this.setLocked(locked)
        this.afterApply()
      },
      () => {},
    )
  }

  /** Awareness from another node's connections: relayed to ours. */
  applyRemoteAwareness(update: Uint8Array): void {
    void this.ready.then(
      () => {
        if (this.destroyed) return
        try {
          awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN)
        } catch (error) {
          this.options.onError?.(error)
        }
      },
      () => {},
    )
  }

  private greet(conn: Conn): void {
    if (!conn.open) return
    conn.socket.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
    const states = this.awareness.getStates()
    if (states.size > 0) {
      conn.socket.send(
        encodeAwareness(
          awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()]),
        ),
      )
    }
    const early = conn.early ?? []
    conn.early = null
    for (const frame of early) this.handle(conn, frame)
  }

  private receive(conn: Conn, data: Uint8Array | ArrayBuffer | string): void {
    if (!conn.open) return
    if (typeof data === 'string') return this.drop(conn, ...syncClose('textFrame'))
    const frame = toBytes(data)
    if (frame.byteLength > this.options.maxMessageBytes) {
      return this.drop(conn, ...syncClose('tooLarge', `${this.options.maxMessageBytes} 字节`))
    }
    if (conn.early) conn.early.push(frame)
    else this.handle(conn, frame)
  }

  private handle(conn: Conn, frame: Uint8Array): void {
    if (!conn.open) return
    const message = decodeMessage(frame)
    switch (message.type) {
      case 'invalid':
        return this.drop(conn, ...syncClose('malformed', message.reason))
      case 'syncStep1':
        if (!isValidStateVector(message.stateVector)) {
          return this.drop(conn, ...syncClose('malformed', '状态向量'))
        }
        conn.socket.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, message.stateVector)))
        return
      case 'syncStep2':
        return this.write(conn, message.update, null)
      case 'syncUpdate':
        // relayed as received: the frame is already the update message the others need
        return this.write(conn, message.update, frame)
      case 'awareness':
        return this.receiveAwareness(conn, message.update)
      case 'queryAwareness': {
        const ids = [...this.awareness.getStates().keys()]
        if (ids.length > 0) {
          conn.socket.send(
            encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)),
          )
        }
        return
      }
      case 'auth':
        return
    }
  }

  /** `frame`: the received update message, when it can be relayed as it is. */
  private write(conn: Conn, update: Uint8Array, frame: Uint8Array | null): void {
    if (isEmptyUpdate(update)) return
    if (conn.readOnly || this.locked) {
      if (!conn.deniedSent) {
        conn.deniedSent = true
        conn.socket.send(
          encodePermissionDenied(
            conn.readOnly ? '只读权限：修改不会被保存' : '表格已锁定（已审核通过）',
          ),
        )
      }
      return
    }
    const clientIds = structClients(update)
    if (clientIds === null) return this.drop(conn, ...syncClose('invalidUpdate'))
    const at = new Date()
    const { store } = this.options
    // nothing in flight and a store that acknowledges at once: the change goes through now,
    // in this turn (the same steps as below, without a promise and a microtask per edit)
    if (this.pendingWrites === 0 && !this.options.relayAfterSync && store.appendNow) {
      let seq: number | null
      try {
        seq = store.appendNow(this.sheetId, update, conn.user.id, at)
        if (seq !== null) this.options.cluster?.stored(this.sheetId, update, seq)
      } catch (error) {
        return this.saveFailed(conn, error)
      }
      if (seq !== null) {
        try {
          this.applyStored(conn, update, frame, seq, clientIds, at)
        } catch (error) {
          this.options.onError?.(error)
        }
        return this.maybeCompact()
      }
    }
    const appended = store.append(this.sheetId, update, conn.user.id, at)
    this.pendingWrites++
    const step = this.chain.then(async () => {
      try {
        let seq: number
        try {
          seq = await appended
          if (this.options.relayAfterSync) await this.options.store.durable?.()
          this.options.cluster?.stored(this.sheetId, update, seq)
        } catch (error) {
          return this.saveFailed(conn, error)
        }
        this.applyStored(conn, update, frame, seq, clientIds, at)
      } finally {
        this.pendingWrites--
        this.maybeCompact()
      }
    })
    this.chain = step.catch((error) => this.options.onError?.(error))
  }

  /** The store refused a client's change: it was not applied; the sender reconnects later. */
  private saveFailed(conn: Conn, error: unknown): void {
    this.options.onError?.(error)
    this.drop(conn, ...syncClose('serverError', '保存失败'))
  }

  /** A client's change is stored with `seq`: apply it and relay it (in append order). */
  private applyStored(
    conn: Conn,
    update: Uint8Array,
    frame: Uint8Array | null,
    seq: number,
    clientIds: number[],
    at: Date,
  ): void {
    this.bytesSinceSnapshot += update.byteLength
    const author = { userId: conn.user.id, at }
    for (const client of clientIds) this.clients.set(client, author)
    try {
      Y.applyUpdate(this.doc, update, conn)
    } catch {
      // stored but unusable, and the sender is out of step with us. Yjs does not roll back:
      // what it integrated before throwing (loading integrates the same) goes to the others
      this.lastSeq = Math.max(this.lastSeq, seq)
      const integrated = this.integratedByFailedApply()
      if (integrated) this.relay(conn, encodeUpdate(integrated))
      this.restoreGuardedMeta()
      this.afterApply()
      return this.drop(conn, ...syncClose('invalidUpdate'))
    }
    this.lastSeq = Math.max(this.lastSeq, seq)
    if (this.addedByLastApply()) this.relay(conn, frame ?? encodeUpdate(update))
    this.restoreGuardedMeta()
    this.afterApply()
  }

  /**
   * The sheet's identity and workflow state (template, unitId, status, schemaVersion) are
   * the server's to set: a client that writes them (a forged "accepted", another template)
   * has its value overwritten at once by a server change restoring what was there.
   */
  private restoreGuardedMeta(): void {
    const before = this.metaOverwritten
    if (!before) return
    this.metaOverwritten = null
    void this.applyServerChange(null, (doc) => {
      const meta = doc.getMap('meta')
      for (const [key, value] of before) {
        if (value === undefined) meta.delete(key)
        else if (meta.get(key) !== value) meta.set(key, value)
      }
    }).catch((error) => this.options.onError?.(error))
  }

  /** Notes what a client's change overwrote of the guarded meta keys (restored after it). */
  private readonly watchMeta = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => {
    // every origin that is not one of the room's symbols is a client connection
    if (typeof transaction.origin !== 'object' || transaction.origin === null) return
    for (const key of GUARDED_META_KEYS) {
      const change = event.changes.keys.get(key)
      if (!change) continue
      this.metaOverwritten ??= new Map()
      // the first value overwritten is the server's (an update may set a key twice)
      if (!this.metaOverwritten.has(key)) this.metaOverwritten.set(key, change.oldValue)
    }
  }

  /** After a stored change is in the doc: conflicts, change notification, compaction. */
  private afterApply(): void {
    if (this.detected.length > 0) {
      const detected = this.detected
      this.detected = []
      void this.recordDetected(detected).catch((error) => this.options.onError?.(error))
    }
    if (this.docChanged) {
      const rows = [...this.changedRows]
      this.docChanged = false
      this.changedRows = new Set()
      this.options.onDocChanged?.(this.sheetId, this.doc, rows)
    }
  }

  private async recordDetected(detected: DetectedConflict[]): Promise<void> {
    const unknown = detected.some((c) => c.values.some((v) => !this.clients.has(v.client)))
    if (unknown) await this.learnClientsFromLog()
    const conflicts = detected.map((c) => ({
      rowId: c.rowId,
      column: c.column,
      values: c.values.map((v): ConflictValue => {
        const author = this.clients.get(v.client)
        return {
          value: v.value,
          by: author?.userId ? this.label(author.userId) : '',
          at: (author?.at ?? new Date()).toISOString(),
        }
      }),
    }))
    await this.applyServerChange(null, (doc) => recordConflicts(doc, conflicts))
  }

  /** Map every client id in the stored log to the user who sent it (once per room). */
  private learnClientsFromLog(): Promise<void> {
    this.clientsFromLog ??= this.options.store.readLog(this.sheetId).then((log) => {
      for (const entry of log) {
        try {
          for (const s of Y.decodeUpdate(entry.data).structs) {
            if (!this.clients.has(s.id.client)) {
              this.clients.set(s.id.client, { userId: entry.userId, at: new Date(entry.at) })
            }
          }
        } catch {
          // an unusable stored update names nobody
        }
      }
    })
    return this.clientsFromLog
  }

  private label(userId: string): string {
    return this.options.userLabel?.(userId) ?? userId
  }

  private receiveAwareness(conn: Conn, update: Uint8Array): void {
    if (update.byteLength > this.options.maxAwarenessBytes) return
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn)
    } catch {
      this.drop(conn, ...syncClose('malformed', '在线状态'))
    }
  }

  /**
   * Whether the update just applied is worth relaying: it added to the doc, or it may have
   * (its missing dependencies keep part of it pending: the others must hold it too, or the
   * update completing it would not be enough for them). A duplicate is not relayed.
   */
  private addedByLastApply(): boolean {
    const { pendingStructs, pendingDs } = this.doc.store
    return this.lastApplyAdded || pendingStructs !== null || pendingDs !== null
  }

  /**
   * What an `applyUpdate` that threw had integrated, as an update (null if nothing): the
   * structs added since the state before it, with the doc's deletions. Only on this rare
   * path: the usual one relays the received bytes and encodes nothing.
   */
  private integratedByFailedApply(): Uint8Array | null {
    if (!this.lastApplyAdded || !this.lastBeforeState) return null
    return Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(this.lastBeforeState))
  }

  /** Send an applied client update to every other connection. */
  private relay(from: Conn, frame: Uint8Array): void {
    for (const conn of this.conns) if (conn !== from && !conn.early) this.send(conn, frame)
  }

  private readonly watchTransaction = (transaction: Y.Transaction): void => {
    this.lastApplyAdded = addedSomething(transaction)
    this.lastBeforeState = transaction.beforeState
    if (transaction.origin === LOAD_ORIGIN) return
    if (transaction.origin !== SERVER_ORIGIN) {
      this.detected.push(...detectConflicts(this.doc, transaction))
    }
    const rows = rowsMap(this.doc)
    for (const [type, keys] of transaction.changed) {
      this.docChanged = true
      if ((type as unknown) === rows) for (const key of keys) if (key) this.changedRows.add(key)
      const item = type._item
      if (item && item.parent === rows && item.parentSub) {
        const cells = [...keys].some((k) => k !== POS && k !== DELETED)
        if (cells || keys.has(DELETED) || keys.has(POS)) this.changedRows.add(item.parentSub)
      }
    }
    if (transaction.changed.size === 0 && transaction.deleteSet.clients.size > 0)
      this.docChanged = true
  }

  private readonly relayAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin instanceof Object && this.isConn(origin)) {
      for (const id of added) origin.awarenessIds.add(id)
      for (const id of removed) origin.awarenessIds.delete(id)
    }
    const changed = [...added, ...updated, ...removed]
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)
    // remote states come from Redis, and timeouts happen on every node by themselves
    if (origin !== REMOTE_ORIGIN && origin !== 'timeout') {
      this.options.cluster?.awareness(this.sheetId, update)
    }
    const frame = encodeAwareness(update)
    for (const conn of this.conns) if (!conn.early) this.send(conn, frame)
  }

  private broadcast(frame: Uint8Array): void {
    for (const conn of this.conns) if (!conn.early) this.send(conn, frame)
  }

  private isConn(value: object): value is Conn {
    return this.conns.has(value as Conn)
  }

  private send(conn: Conn, frame: Uint8Array): void {
    try {
      conn.socket.send(frame)
    } catch {
      this.remove(conn)
    }
  }

  /** Close a connection from our side (bad input, shutdown, revoked access). */
  private drop(conn: Conn, code: number, reason: string): void {
    if (!conn.open) return
    try {
      conn.socket.close(code, fitCloseReason(reason))
    } catch {
      // already gone
    }
    this.remove(conn)
  }

  private remove(conn: Conn): void {
    if (!this.conns.has(conn)) return
    conn.open = false
    this.conns.delete(conn)
    if (conn.awarenessIds.size > 0 && !this.destroyed) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null)
    }
    if (this.conns.size === 0 && !this.destroyed) this.options.onEmpty?.(this)
  }
}

/** The Yjs client ids whose structs an update holds; null when it cannot be decoded. */
function structClients(update: Uint8Array): number[] | null {
  let structs: ReturnType<typeof Y.decodeUpdate>['structs']
  try {
    structs = Y.decodeUpdate(update).structs
  } catch {
    return null
  }
  const clients: number[] = []
  for (const struct of structs) {
    // an update lists each client's structs together
    const client = struct.id.client
    if (clients[clients.length - 1] !== client && !clients.includes(client)) clients.push(client)
  }
  return clients
}

/** Whether a transaction changed the doc at all (as Yjs decides whether to emit 'update'). */
function addedSomething(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true
  }
  return false
}

/** Meta keys only the server writes (SPEC §6.3 layout; workflow status, SPEC §3). */
const GUARDED_META_KEYS = ['template', 'unitId', 'status', 'schemaVersion'] as const
