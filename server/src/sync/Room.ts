/**
 * @module sync/Room
 * One open sheet on the server: its in-memory Y.Doc, the connections editing it, and the one
 * write pipeline every change takes (SPEC §6.3: "an update is on disk before it is relayed":
 * in the store's log, safe from a crash of the server; with `relayAfterSync`, flushed too):
 *  1. receive (`receive`, `handle`) — over `maxMessageBytes` closes the connection
 *     (`tooLarge`, schema's `SYNC_CLOSE`), a text frame `textFrame`, an undecodable message
 *     `malformed`; frames before the load wait, in order;
 *  2. check (`write`) — a write of a read-only connection or on a locked sheet is dropped and
 *     the client told once ("permission denied"); an update Yjs cannot decode: `invalidUpdate`;
 *  3. store (`store`) — appended at once, in arrival order; a refused append closes the
 *     sender (`serverError`) and nothing of it is applied or relayed;
 *  4. apply (`commit`) — into the doc in append order: in the same turn when nothing is in
 *     flight and the store acknowledges at once (`appendNow`), else in its turn (`turns.ts`).
 *     An update that throws half-way closes its sender (`invalidUpdate`); Yjs does not roll back, so
 *     what it integrated goes on to the next step like any change;
 *  5. relay — to this node's other connections that have finished loading (the received
 *     frame as it is, unless the doc had it all), and to the other nodes (`clusterFanout.ts`);
 *  6. follow up (`followUp`) — restore guarded meta keys and the conflicts map, which only the
 *     server writes (`guardedMeta.ts`), record conflicts
 *     (`conflictDetector.ts`, `conflictAuthors.ts`), report changed rows (`changedRows.ts`),
 *     snapshot when due (`roomSnapshots.ts`).
 * A change the server makes (`applyServerChange`) is made in the doc in its turn, then takes
 * steps 3, 5 and 6; a change another node stored takes steps 4 to 6 and is relayed to this
 * node's connections only. `durable()` is the later point where everything applied also
 * survives a power cut: the web app shows "saved" only then.
 *
 * The room speaks the y-websocket protocol (`protocol.ts`) over a minimal socket
 * (`roomConnections.ts`), so it knows nothing of Hono or `ws` (like tldraw's TLSocketRoom);
 * sync step 1 is answered for every connection (read-only and locked sheets still read);
 * awareness: `roomAwareness.ts`.
 * Not for: loading/unloading across sheets (`RoomManager.ts`), who may connect (`routes/sync.ts`).
 */
import { readMeta, syncClose } from '@taizhang/schema'
import * as Y from 'yjs'
import type { DocStore } from '../storage/DocStore'
import {
  applyLoaded,
  clientsOf,
  decodeStructs,
  isEmptyUpdate,
  LastTransaction,
  transactCapturing,
} from './appliedUpdate'
import { ChangedRows } from './changedRows'
import type { ClusterFanout } from './clusterFanout'
import { ConflictAuthors } from './conflictAuthors'
import { detectConflicts, recordConflicts, type DetectedConflict } from './conflictDetector'
import { change, LOAD_ORIGIN, REMOTE_ORIGIN, SERVER_ORIGIN, type Change } from './change'
import { GuardedConflicts, GuardedMeta, type GuardedMap } from './guardedMeta'
import {
  decodeMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  isValidStateVector,
} from './protocol'
import {
  RoomConnections,
  type Conn,
  type Connection,
  type ConnectOptions,
  type SyncSocket,
} from './roomConnections'
import { RoomAwareness } from './roomAwareness'
import { RoomSnapshots } from './roomSnapshots'
import { Turns } from './turns'
import { loadableState } from './loadableState'
import { checkUpdateShape, DEFAULT_SHAPE_LIMITS, type ShapeLimits } from './updateShape'

export type { Connection, ConnectOptions, SyncSocket } from './roomConnections'

export interface RoomOptions {
  store: DocStore
  maxMessageBytes: number
  maxAwarenessBytes: number
  /** Snapshot after this many stored updates (more on a big sheet: `compactionPolicy.ts`)… */
  compactEvery: number
  /** …or once the sheet has had no write for this long. */
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
  /** The other nodes of a cluster (absent on a single node). */
  cluster?: ClusterFanout
  /**
   * Relay a change only once it survives a power cut (`store.durable()`), not as soon as it
   * is in the log (`--relay-after fsync`; slower: every relay waits for a disk flush).
   */
  relayAfterSync?: boolean
  /** Cap on a connection's unread output (`roomConnections.ts`). */
  maxBufferedBytes?: number
  /** Nesting depth and row cap of client updates (`updateShape.ts`). */
  shape?: ShapeLimits
}

export class Room {
  readonly doc = new Y.Doc()
  /** Resolves when the stored state is in `doc`; rejects if loading failed. */
  readonly ready: Promise<void>
  private readonly conns: RoomConnections
  private loaded = false
  private destroyed = false
  private locked = false
  /** Steps 4–6 of changes waiting for the store, in append order. */
  private readonly turns = new Turns(() => this.snapshots.check())
  private readonly awareness: RoomAwareness
  private readonly snapshots: RoomSnapshots
  private readonly authors: ConflictAuthors
  /** What only the server writes: guarded meta keys, the conflicts map. */
  private readonly guarded: GuardedMap[]
  private readonly changedRows = new ChangedRows()
  private readonly lastTransaction = new LastTransaction()
  private detected: DetectedConflict[] = []

  constructor(
    readonly sheetId: string,
    private readonly options: RoomOptions,
  ) {
    const { store } = options
    this.conns = new RoomConnections((conn) => this.removed(conn), options.maxBufferedBytes)
    this.snapshots = new RoomSnapshots({
      compactEvery: options.compactEvery,
      compactAfterMs: options.compactAfterMs,
      busy: () => !this.loaded || this.destroyed || this.turns.inFlight > 0,
      settled: () => this.settled(),
      encode: () => loadableState(this.doc),
      write: (state, upto) => store.compact(sheetId, state, upto),
      onError: this.reportError,
    })
    this.authors = new ConflictAuthors(
      () => store.readLog(sheetId),
      (userId) => options.userLabel?.(userId) ?? userId,
    )
    this.guarded = [new GuardedMeta(this.doc), new GuardedConflicts(this.doc)]
    this.awareness = new RoomAwareness(this.doc, this.conns, {
      maxBytes: options.maxAwarenessBytes,
      publish: options.cluster && ((update) => options.cluster!.publishAwareness(sheetId, update)),
      onError: this.reportError,
    })
    // no 'update' listener: Yjs would encode every change again; we relay what we received
    this.doc.on('afterTransaction', this.watchTransaction)
    this.ready = this.load()
    // a failed load is reported to every connection; keep it from being unhandled
    this.ready.catch(() => {})
  }

  get connectionCount(): number {
    return this.conns.size
  }

  setLocked(locked: boolean): void {
    this.locked = locked
    if (!locked) this.conns.allowAgain()
  }

  connect(socket: SyncSocket, options: ConnectOptions): Connection {
    const conn = this.conns.add(socket, options)
    this.ready.then(
      () => this.greet(conn),
      () => this.conns.drop(conn, ...syncClose('serverError', '表格加载失败')),
    )
    return {
      receive: (data) => this.receive(conn, data),
      closed: () => this.conns.remove(conn),
    }
  }

  /**
   * Make a change as the server (workflow status, conflict records and resolutions, imports):
   * in its turn, `fn` runs in one transaction; the update it made is stored, then relayed to
   * every connection. Ignores the lock. Rejects with what `fn` threw (after storing what it
   * changed before: Yjs does not roll back) or with the store's refusal.
   */
  applyServerChange(userId: string | null, fn: (doc: Y.Doc) => void): Promise<void> {
    return this.turns.run(async () => {
      await this.ready
      const { update, error } = transactCapturing(this.doc, fn, SERVER_ORIGIN)
      if (update) {
        const made = change(update, null, userId, [this.doc.clientID], null, true)
        this.commit(made, await this.store(made))
      }
      if (error) throw error
    })
  }

  /**
   * A change another node stored (cluster): steps 4 to 6 once the room is loaded, relayed to
   * this node's connections only, never stored again. Yjs ignores what the doc holds already.
   */
  applyRemoteUpdate(update: Uint8Array): void {
    this.whenLoaded(() => this.commit(change(update, null, null, [], null, false), null))
  }

  /** Awareness from another node's connections: relayed to ours. */
  applyRemoteAwareness(update: Uint8Array): void {
    this.whenLoaded(() => this.awareness.receiveRemote(update))
  }

  /** Run `fn` once the room is loaded, unless it failed to load or was destroyed meanwhile. */
  private whenLoaded(fn: () => void): void {
    void this.ready.then(
      () => {
        if (!this.destroyed) fn()
      },
      () => {},
    )
  }

  /** Resolves when every change received so far is stored and applied. */
  settled(): Promise<void> {
    return this.turns.settled()
  }

  /** Resolves when every change received so far is applied and survives a power cut. */
  async durable(): Promise<void> {
    await this.settled()
    await this.options.store.durable?.()
  }

  /** Store a snapshot now if the log has grown since the last one (waits for writes). */
  async compact(): Promise<void> {
    await this.settled()
    await this.snapshots.now()
  }

  /** Close every connection (`shuttingDown`) and free the doc. Writes must be settled. */
  destroy(): void {
    this.destroyed = true
    this.conns.dropAll(...syncClose('shuttingDown'))
    this.snapshots.stopTimer()
    this.awareness.destroy()
    this.doc.destroy()
  }

  closeUser(userId: string, code: number, reason: string): void {
    this.conns.dropAll(code, reason, userId)
  }

  // --- the write pipeline ------------------------------------------------------------------

  /** Step 1: a frame from a connection. */
  private receive(conn: Conn, data: Uint8Array | ArrayBuffer | string): void {
    if (!conn.open) return
    if (typeof data === 'string') return this.conns.drop(conn, ...syncClose('textFrame'))
    const frame = data instanceof Uint8Array ? data : new Uint8Array(data)
    if (frame.byteLength > this.options.maxMessageBytes) {
      return this.conns.drop(conn, ...syncClose('tooLarge', `${this.options.maxMessageBytes} 字节`))
    }
    if (conn.early) conn.early.push(frame)
    else this.handle(conn, frame)
  }

  private handle(conn: Conn, frame: Uint8Array): void {
    if (!conn.open) return
    const message = decodeMessage(frame)
    switch (message.type) {
      case 'invalid':
        return this.conns.drop(conn, ...syncClose('malformed', message.reason))
      case 'syncStep1':
        if (!isValidStateVector(message.stateVector)) {
          return this.conns.drop(conn, ...syncClose('malformed', '状态向量'))
        }
        if (this.conns.backlogged(conn)) return
        this.conns.send(conn, encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, message.stateVector)))
        return
      case 'syncStep2':
        return this.write(conn, message.update, null)
      case 'syncUpdate':
        // relayed as received: the frame is already the update message the others need
        return this.write(conn, message.update, frame)
      case 'awareness':
        return this.awareness.receive(conn, message.update)
      case 'queryAwareness':
        return this.awareness.sendAll(conn)
      case 'auth':
        return
    }
  }

  /** Steps 2 and 3 for a client's update; `frame`: the received message, if relayable as is. */
  private write(conn: Conn, update: Uint8Array, frame: Uint8Array | null): void {
    if (isEmptyUpdate(update)) return
    if (conn.readOnly || this.locked) return this.conns.deny(conn)
    const structs = decodeStructs(update)
    if (structs === null) return this.conns.drop(conn, ...syncClose('invalidUpdate'))
    // judged before it is stored: the log keeps what is stored, and Yjs never rolls back
    const limits = this.options.shape ?? DEFAULT_SHAPE_LIMITS
    const shape = checkUpdateShape(this.doc, structs, limits)
    if (!shape.ok && shape.problem === 'nesting') {
      return this.conns.drop(
        conn,
        ...syncClose('invalidUpdate', `类型嵌套超过 ${shape.depth - 1} 层`),
      )
    }
    if (!shape.ok) {
      return this.conns.drop(conn, ...syncClose('tooManyRows', `每表上限 ${limits.maxRows} 行`))
    }
    const clients = clientsOf(structs)
    const received = change(update, conn, conn.user.id, clients, frame, false)
    let stored: number | Promise<number>
    try {
      stored = this.store(received)
    } catch (error) {
      return this.refused(conn, error)
    }
    if (typeof stored === 'number') {
      // steps 4–6 in this turn: no promise and no microtask per edit
      try {
        this.commit(received, stored)
      } catch (error) {
        this.reportError(error)
      }
      return this.snapshots.check()
    }
    const appended = stored
    this.turns
      .run(async () => {
        let seq: number
        try {
          seq = await appended
        } catch (error) {
          return this.refused(conn, error)
        }
        this.commit(received, seq)
      })
      .catch(this.reportError)
  }

  /**
   * Step 3: append to the log. The seq itself when nothing is in flight and the store
   * acknowledges at once (the caller then takes the next steps in this turn); otherwise a
   * promise of it, which with `relayAfterSync` resolves only once the append is flushed.
   * Throws or rejects when the store refuses the change.
   */
  private store({ update, userId, at }: Change): number | Promise<number> {
    const { store, relayAfterSync } = this.options
    if (this.turns.inFlight === 0 && !relayAfterSync && store.appendNow) {
      const seq = store.appendNow(this.sheetId, update, userId, at)
      if (seq !== null) return seq
    }
    const appended = store.append(this.sheetId, update, userId, at)
    if (!relayAfterSync) return appended
    return appended.then(async (seq) => {
      await store.durable?.()
      return seq
    })
  }

  /**
   * Steps 4 to 6 for a change stored with `seq` (null: another node stored it), in append
   * order.
   */
  private commit(change: Change, seq: number | null): void {
    if (seq !== null) this.snapshots.stored(seq, change.update.byteLength)
    this.authors.wrote(change.clients, change.userId, change.at)
    let relayed: Uint8Array | null = null
    let failure: unknown = null
    if (change.applied) relayed = encodeUpdate(change.update)
    else {
      try {
        Y.applyUpdate(this.doc, change.update, change.from ?? REMOTE_ORIGIN)
        if (this.lastTransaction.addedTo(this.doc))
          relayed = change.frame ?? encodeUpdate(change.update)
      } catch (error) {
        // stored but unusable. Yjs does not roll back: what it integrated before throwing
        // (loading the log integrates the same) goes to the others, so they hold what we hold
        const integrated = this.lastTransaction.integratedInto(this.doc)
        if (integrated) relayed = encodeUpdate(integrated)
        failure = error
      }
    }
    if (relayed) this.conns.relay(relayed, change.from)
    if (seq !== null) this.options.cluster?.publish(this.sheetId, change.update, seq)
    else this.lockFromStatus()
    this.followUp()
    if (failure === null) return
    if (change.from) this.conns.drop(change.from, ...syncClose('invalidUpdate'))
    else this.reportError(failure)
  }

  /** Another node's change may be its workflow status (this node's lock is set by the manager). */
  private lockFromStatus(): void {
    const locked = readMeta(this.doc).status === 'accepted'
    if (locked !== this.locked) this.setLocked(locked)
  }

  /** Step 6: restore what only the server writes, record conflicts, report the changed rows. */
  private followUp(): void {
    const restores = this.guarded.flatMap((guarded) => guarded.takeRestore() ?? [])
    if (restores.length > 0) {
      const restore = (doc: Y.Doc) => restores.forEach((fn) => fn(doc))
      this.applyServerChange(null, restore).catch(this.reportError)
    }
    if (this.detected.length > 0) {
      const detected = this.detected
      this.detected = []
      this.recordConflicts(detected).catch(this.reportError)
    }
    const rows = this.changedRows.take()
    if (rows) this.options.onDocChanged?.(this.sheetId, this.doc, rows)
  }

  private async recordConflicts(detected: DetectedConflict[]): Promise<void> {
    if (!this.authors.knowsAll(detected)) await this.authors.learnFromLog()
    const conflicts = this.authors.attribute(detected)
    await this.applyServerChange(null, (doc) => recordConflicts(doc, conflicts))
  }

  /** The store refused a client's change: it was not applied; the sender reconnects later. */
  private refused(conn: Conn, error: unknown): void {
    this.reportError(error)
    this.conns.drop(conn, ...syncClose('serverError', '保存失败'))
  }

  private readonly watchTransaction = (transaction: Y.Transaction): void => {
    this.lastTransaction.noted(transaction)
    if (transaction.origin === LOAD_ORIGIN) return
    if (transaction.origin !== SERVER_ORIGIN) {
      this.detected.push(...detectConflicts(this.doc, transaction))
    }
    this.changedRows.note(this.doc, transaction)
  }

  private readonly reportError = (error: unknown): void => this.options.onError?.(error)

  // --- loading, connections, awareness ---------------------------------------------------

  private async load(): Promise<void> {
    await this.options.after
    await this.options.cluster?.beforeLoad(this.sheetId)
    const stored = await this.options.store.load(this.sheetId)
    applyLoaded(this.doc, stored, LOAD_ORIGIN, (seq, error) =>
      this.reportError(new Error(`sheet ${this.sheetId} update ${seq}: ${String(error)}`)),
    )
    const lastSeq = this.snapshots.loaded(stored)
    this.locked = readMeta(this.doc).status === 'accepted'
    this.loaded = true
    this.options.cluster?.loaded(this.sheetId, lastSeq)
  }

  private greet(conn: Conn): void {
    if (!conn.open) return
    this.conns.send(conn, encodeSyncStep1(Y.encodeStateVector(this.doc)))
    this.awareness.sendAll(conn)
    const early = conn.early ?? []
    conn.early = null
    for (const frame of early) this.handle(conn, frame)
  }

  /** A connection left: its awareness states go, and an empty room may be unloaded. */
  private removed(conn: Conn): void {
    if (this.destroyed) return
    this.awareness.left(conn)
    if (this.conns.size === 0) this.options.onEmpty?.(this)
  }
}
