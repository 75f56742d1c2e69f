/**
 * @module cluster/ClusterSync
 * Fan-out between the nodes of a cluster through Redis (docs/DEPLOY.md); PostgreSQL holds the log.
 *
 * Updates: after a node stored an update (PgDocStore gave it a seq), it adds it to the
 * sheet's Redis Stream `tz:sheet:<id>` (XADD: bytes, seq, origin node). Every node reads the
 * streams of its open sheets with one blocking XREAD from the last id it read, so entries
 * arrive in order and a node that lagged replays what it missed instead of losing it (which
 * bare pub/sub would). Remote updates go into the room without being stored again.
 *
 * Opening a sheet: BEFORE the room reads the stored state, the stream's last id is noted;
 * the room then loads from PostgreSQL and the node reads the stream after that id. An update
 * stored after the load began is added to the stream after that id (it is XADDed only once
 * committed), so nothing falls between load and subscribe; updates both loaded and read
 * again are harmless (Yjs ignores what it has).
 *
 * Gaps: each sheet's held seqs are tracked (`SeqTracker`). Every `reconcileMs` the node
 * reads the sheets' last seqs from PostgreSQL; a seq still missing a few rounds later (a node
 * died between commit and XADD, a trimmed stream, Redis down or restarted) is fetched from
 * the log. While Redis is unreachable this polling alone keeps the nodes converging; when
 * it is back, each open sheet's stream position is taken again and the log is caught up.
 *
 * Awareness (cursors, who is here) goes through pub/sub `tz:aw:<id>`: losing some is harmless;
 * so do commands for every node (`tz:control`: close a logged-out user's connections).
 * Not for: storage (PgDocStore), the rooms themselves (sync/), or HTTP (routes/ops).
 */
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { SYNC_CLOSE } from '@taizhang/schema'
import { Redis } from 'ioredis'
import type { StoredUpdate } from '../storage/DocStore'
import type { ClusterFanout } from '../sync/clusterFanout'
import { SeqTracker } from './seqTracker'

/** What the node needs of the update log to fill gaps (PgDocStore has it). */
export interface ClusterLog {
  updatesAfter(sheetId: string, afterSeq: number): Promise<StoredUpdate[]>
  heads(sheetIds: string[]): Promise<Map<string, number>>
}

/** Where remote changes go (the RoomManager). */
export interface ClusterTarget {
  applyRemoteUpdate(sheetId: string, update: Uint8Array): void
  applyRemoteAwareness(sheetId: string, update: Uint8Array): void
  closeUserConnections(userId: string, code: number, reason: string): void
}

export interface ClusterSyncOptions {
  redisUrl: string
  log: ClusterLog
  /** How often the log's last seqs are compared with what the node holds. */
  reconcileMs?: number
  /** Approximate length each sheet's stream is trimmed to (the log is in PostgreSQL). */
  streamMaxLen?: number
  onError?: (error: unknown) => void
}

export interface ClusterStats {
  nodeId: string
  openSheets: number
  published: number
  publishFailures: number
  remoteApplied: number
  /** Updates fetched from the log to fill a gap. */
  caughtUp: number
  /** Stored updates not yet held, summed over open sheets, at the last reconcile. */
  logLag: number
  /** Age of the last remote stream entry when it was read, in ms. */
  streamLagMs: number
  redisErrors: number
  redisUp: boolean
}

interface SheetState {
  /** Last stream id read (or noted before the load); null until Redis gave one. */
  position: string | null
  seqs: SeqTracker
  loaded: boolean
  /** The log's last seq at the last `GAP_ROUNDS` reconciles, oldest first. */
  heads: number[]
  catchingUp: boolean
}

const streamKey = (sheetId: string) => `tz:sheet:${sheetId}`
const awarenessChannel = (sheetId: string) => `tz:aw:${sheetId}`
const AW_PREFIX = 'tz:aw:'
/** Pub/sub channel for commands to every node (close a user's connections). */
const CONTROL_CHANNEL = 'tz:control'
/** Streams of sheets without writes expire (the log is in PostgreSQL). */
const STREAM_TTL_MS = 86_400_000
/** Reconcile rounds a gap may last before the log is read (the stream may just be slow). */
const GAP_ROUNDS = 3

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref())

export class ClusterSync implements ClusterFanout {
  readonly nodeId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`
  private readonly cmd: Redis
  private readonly reader: Redis
  private readonly sub: Redis
  private readonly sheets = new Map<string, SheetState>()
  private readonly wakeKey = `tz:wake:${this.nodeId}`
  private wakeId = '0-0'
  private target: ClusterTarget | null = null
  private stopped = false
  private readerDone: Promise<void> = Promise.resolve()
  private reconcileTimer: ReturnType<typeof setInterval> | null = null
  private needResync = false
  /** Set while a remote command runs, so its effects are not published back. */
  private applyingRemote = false
  private readonly nodeTag: Buffer
  private readonly counters = {
    published: 0,
    publishFailures: 0,
    remoteApplied: 0,
    caughtUp: 0,
    logLag: 0,
    streamLagMs: 0,
    redisErrors: 0,
  }

  constructor(private readonly options: ClusterSyncOptions) {
    const common = { lazyConnect: true, connectTimeout: 5000, retryStrategy: () => 500 }
    // commands fail at once while Redis is away: the log in PostgreSQL covers for them
    this.cmd = new Redis(options.redisUrl, {
      ...common,
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      maxRetriesPerRequest: 1,
    })
    this.reader = new Redis(options.redisUrl, {
      ...common,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    })
    this.sub = new Redis(options.redisUrl, common)
    for (const connection of [this.cmd, this.reader, this.sub]) {
      connection.on('error', () => this.counters.redisErrors++)
    }
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.receiveMessage(channel.toString(), message),
    )
    const id = Buffer.from(this.nodeId)
    this.nodeTag = Buffer.concat([Buffer.from([id.length]), id])
  }

  /** Connect (waits up to 5 s for Redis; without it the node runs on log polling) and start. */
  async start(target: ClusterTarget): Promise<void> {
    this.target = target
    await Promise.all(
      [this.cmd, this.reader, this.sub].map((c) =>
        Promise.race([c.connect(), sleep(5000)]).catch((error) => this.options.onError?.(error)),
      ),
    )
    this.sub.subscribe(CONTROL_CHANNEL).catch(() => {})
    this.readerDone = this.readLoop()
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.options.reconcileMs ?? 1000)
    this.reconcileTimer.unref()
  }

  /** Redis answers (for /readyz). */
  async ping(): Promise<void> {
    await this.cmd.ping()
  }

  stats(): ClusterStats {
    return {
      nodeId: this.nodeId,
      openSheets: this.sheets.size,
      ...this.counters,
      redisUp: this.cmd.status === 'ready',
    }
  }

  // --- the rooms' fan-out (ClusterFanout) ------------------------------------------------

  async beforeLoad(sheetId: string): Promise<void> {
    const existing = this.sheets.get(sheetId)
    const state: SheetState = existing ?? {
      position: null,
      seqs: new SeqTracker(),
      loaded: false,
      heads: [],
      catchingUp: false,
    }
    state.loaded = false
    this.sheets.set(sheetId, state)
    if (!existing) this.sub.subscribe(awarenessChannel(sheetId)).catch(() => {})
    state.position = await this.lastStreamId(sheetId)
    this.wake()
  }

  loaded(sheetId: string, lastSeq: number): void {
    const state = this.sheets.get(sheetId)
    if (!state) return
    state.seqs.holdUpTo(lastSeq)
    state.loaded = true
  }

  publish(sheetId: string, update: Uint8Array, seq: number): void {
    this.sheets.get(sheetId)?.seqs.hold(seq)
    const data = Buffer.from(update.buffer, update.byteOffset, update.byteLength)
    const maxLen = String(this.options.streamMaxLen ?? 1000)
    this.cmd
      .xadd(
        streamKey(sheetId),
        'MAXLEN',
        '~',
        maxLen,
        '*',
        'n',
        this.nodeId,
        's',
        String(seq),
        'd',
        data,
      )
      .then(
        () => this.counters.published++,
        () => this.counters.publishFailures++,
      )
    // a sheet nobody edits for a day leaves nothing behind in Redis
    this.cmd.pexpire(streamKey(sheetId), STREAM_TTL_MS).catch(() => {})
  }

  publishAwareness(sheetId: string, update: Uint8Array): void {
    const message = Buffer.concat([this.nodeTag, update])
    this.cmd.publish(awarenessChannel(sheetId), message).catch(() => {})
  }

  userClosed(userId: string, code: number, reason: string): void {
    if (this.applyingRemote) return
    const command = JSON.stringify({ node: this.nodeId, closeUser: userId, code, reason })
    this.cmd.publish(CONTROL_CHANNEL, command).catch(() => {})
  }

  /** The room of a sheet was unloaded and no other replaced it. */
  closed(sheetId: string): void {
    if (!this.sheets.delete(sheetId)) return
    this.sub.unsubscribe(awarenessChannel(sheetId)).catch(() => {})
  }

  /** Stop reading and disconnect (after the rooms were closed: they may still publish). */
  async close(): Promise<void> {
    this.stopped = true
    if (this.reconcileTimer) clearInterval(this.reconcileTimer)
    this.wake()
    await Promise.race([this.readerDone, sleep(3000)])
    await this.cmd.del(this.wakeKey).catch(() => {})
    for (const c of [this.cmd, this.reader, this.sub]) c.disconnect()
  }

  // --- reading ---------------------------------------------------------------------------

  private async lastStreamId(sheetId: string): Promise<string | null> {
    try {
      const last = await this.cmd.xrevrange(streamKey(sheetId), '+', '-', 'COUNT', 1)
      return last[0]?.[0] ?? '0-0'
    } catch (error) {
      this.needResync = true
      this.options.onError?.(error)
      return null
    }
  }

  private wake(): void {
    this.cmd.xadd(this.wakeKey, 'MAXLEN', '~', '10', '*', 'w', '1').catch(() => {})
  }

  private async readLoop(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.needResync) await this.resync()
        const open = [...this.sheets].filter(([, s]) => s.position !== null)
        const reply = await this.reader.xreadBuffer(
          'COUNT',
          1000,
          'BLOCK',
          2000,
          'STREAMS',
          this.wakeKey,
          ...open.map(([id]) => streamKey(id)),
          this.wakeId,
          ...open.map(([, s]) => s.position!),
        )
        for (const [key, entries] of reply ?? []) this.receiveEntries(key.toString(), entries)
      } catch (error) {
        if (this.stopped) break
        this.needResync = true
        this.options.onError?.(error)
        await sleep(500)
      }
    }
  }

  private receiveEntries(key: string, entries: [Buffer, Buffer[]][]): void {
    if (entries.length === 0) return
    const lastId = entries[entries.length - 1]![0].toString()
    if (key === this.wakeKey) {
      this.wakeId = lastId
      return
    }
    const sheetId = key.slice('tz:sheet:'.length)
    const state = this.sheets.get(sheetId)
    if (!state) return
    state.position = lastId
    for (const [id, fields] of entries) {
      let node = ''
      let seq = 0
      let data: Buffer | null = null
      for (let i = 0; i + 1 < fields.length; i += 2) {
        const name = fields[i]!.toString()
        if (name === 'n') node = fields[i + 1]!.toString()
        else if (name === 's') seq = Number(fields[i + 1]!.toString())
        else if (name === 'd') data = fields[i + 1]!
      }
      if (node === this.nodeId || data === null || state.seqs.has(seq)) continue
      state.seqs.hold(seq)
      this.counters.remoteApplied++
      this.counters.streamLagMs = Math.max(0, Date.now() - Number(id.toString().split('-')[0]))
      this.target?.applyRemoteUpdate(sheetId, new Uint8Array(data))
    }
  }

  private receiveControl(message: Buffer): void {
    let command: { node?: string; closeUser?: string; code?: number; reason?: string }
    try {
      command = JSON.parse(message.toString())
    } catch {
      return
    }
    if (command.node === this.nodeId || typeof command.closeUser !== 'string') return
    this.applyingRemote = true
    try {
      this.target?.closeUserConnections(
        command.closeUser,
        command.code ?? SYNC_CLOSE.unauthenticated.code,
        command.reason ?? '',
      )
    } finally {
      this.applyingRemote = false
    }
  }

  private receiveMessage(channel: string, message: Buffer): void {
    if (channel === CONTROL_CHANNEL) this.receiveControl(message)
    else this.receiveAwareness(channel, message)
  }

  private receiveAwareness(channel: string, message: Buffer): void {
    if (!channel.startsWith(AW_PREFIX) || message.length < 1) return
    const tagLength = message[0]! + 1
    if (message.subarray(1, tagLength).toString() === this.nodeId) return
    const sheetId = channel.slice(AW_PREFIX.length)
    if (!this.sheets.has(sheetId)) return
    this.target?.applyRemoteAwareness(sheetId, new Uint8Array(message.subarray(tagLength)))
  }

  /** Redis came back (or failed): new stream positions first, then the log since. */
  private async resync(): Promise<void> {
    await this.cmd.ping()
    for (const [sheetId, state] of this.sheets) {
      const position = await this.lastStreamId(sheetId)
      if (position === null) return
      state.position = position
    }
    this.needResync = false
    await Promise.all([...this.sheets.keys()].map((id) => this.catchUp(id)))
  }

  // --- the log as the source of truth ----------------------------------------------------

  private async reconcile(): Promise<void> {
    const loaded = [...this.sheets].filter(([, s]) => s.loaded).map(([id]) => id)
    if (loaded.length === 0 || !this.target) return
    let heads: Map<string, number>
    try {
      heads = await this.options.log.heads(loaded)
    } catch (error) {
      this.options.onError?.(error)
      return
    }
    let lag = 0
    const redisDown = this.needResync || this.cmd.status !== 'ready'
    for (const sheetId of loaded) {
      const state = this.sheets.get(sheetId)
      if (!state) continue
      const head = heads.get(sheetId) ?? 0
      const held = state.seqs.contiguous
      lag += Math.max(0, head - held)
      // a seq that was in the log GAP_ROUNDS rounds ago and is still missing: fetch it
      // (younger gaps are usually entries still on their way through the stream)
      const old = state.heads.length === GAP_ROUNDS ? state.heads[0]! : 0
      if (head > held && (redisDown || held < old)) void this.catchUp(sheetId)
      state.heads.push(head)
      if (state.heads.length > GAP_ROUNDS) state.heads.shift()
    }
    this.counters.logLag = lag
  }

  private async catchUp(sheetId: string): Promise<void> {
    const state = this.sheets.get(sheetId)
    if (!state || !state.loaded || state.catchingUp) return
    state.catchingUp = true
    try {
      const missing = await this.options.log.updatesAfter(sheetId, state.seqs.contiguous)
      for (const u of missing) {
        if (state.seqs.has(u.seq)) continue
        state.seqs.hold(u.seq)
        this.counters.caughtUp++
        this.target?.applyRemoteUpdate(sheetId, u.data)
      }
    } catch (error) {
      this.options.onError?.(error)
    } finally {
      state.catchingUp = false
    }
  }
}
