/**
 * @module tests/chaos/chaosProxy
 * A TCP proxy of our own on 127.0.0.1 that sits between sync clients and the server and
 * misbehaves on purpose, driven by a seeded PRNG so a failing run can be replayed:
 * - **cut**: both sides of a connection are destroyed at once (like a NAT timeout with RST);
 * - **drop**: the connection turns into a black hole — bytes in both directions are thrown
 *   away — and is destroyed a little later (packet loss that ends in a timeout);
 * - **stall**: forwarding pauses for a while (bytes are held, not lost) and then resumes
 *   in order (a congested or sleeping link);
 * - **refuse**: a new connection is closed before it reaches the server.
 * Whole TCP streams are only ever delayed or ended, never altered: a WebSocket frame either
 * arrives intact or the connection dies, which is what real networks do to TLS/TCP.
 *
 * Not for: WebSocket awareness (it pipes bytes) or killing the server (the tests do that).
 */
import net from 'node:net'

/** mulberry32: small, fast, good enough to drive faults reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface ChaosOptions {
  /** Where the server listens; a function, because a restarted server may move. */
  target: () => { host: string; port: number }
  seed: number
  /** How often (ms) each live connection rolls the dice. */
  tickMs?: number
  /** Per tick and connection: probabilities of cut, drop and stall. */
  cutChance?: number
  dropChance?: number
  stallChance?: number
  /** Chance that a new connection is refused outright. */
  refuseChance?: number
  /** Longest stall / black hole in ms. */
  maxStallMs?: number
}

export interface ChaosStats {
  connections: number
  cuts: number
  drops: number
  stalls: number
  refused: number
}

interface Link {
  client: net.Socket
  upstream: net.Socket
  /** Held while stalled: chunks per direction, flushed in order on resume. */
  held: { toServer: Buffer[]; toClient: Buffer[] } | null
  blackhole: boolean
  timer: ReturnType<typeof setTimeout> | null
}

export class ChaosProxy {
  readonly stats: ChaosStats = { connections: 0, cuts: 0, drops: 0, stalls: 0, refused: 0 }
  /** While false the proxy forwards faithfully (for the final, calm convergence). */
  chaos = true
  private readonly random: () => number
  private readonly links = new Set<Link>()
  private readonly server: net.Server
  private ticker: ReturnType<typeof setInterval> | null = null
  private listening: Promise<number>

  constructor(private readonly options: ChaosOptions) {
    this.random = prng(options.seed)
    this.server = net.createServer((socket) => this.accept(socket))
    this.listening = new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(0, '127.0.0.1', () =>
        resolve((this.server.address() as net.AddressInfo).port),
      )
    })
    this.ticker = setInterval(() => this.tick(), options.tickMs ?? 100)
  }

  /** The port clients should connect to. */
  port(): Promise<number> {
    return this.listening
  }

  get liveConnections(): number {
    return this.links.size
  }

  /** Cut every live connection now (used together with a server kill). */
  cutAll(): void {
    for (const link of [...this.links]) this.end(link)
  }

  async close(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker)
    this.ticker = null
    this.cutAll()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private accept(client: net.Socket): void {
    this.stats.connections++
    client.on('error', () => {})
    if (this.chaos && this.random() < (this.options.refuseChance ?? 0.05)) {
      this.stats.refused++
      client.destroy()
      return
    }
    const { host, port } = this.options.target()
    const upstream = net.connect(port, host)
    upstream.setNoDelay(true)
    client.setNoDelay(true)
    upstream.on('error', () => {})
    const link: Link = { client, upstream, held: null, blackhole: false, timer: null }
    this.links.add(link)
    client.on('data', (chunk) => this.forward(link, 'toServer', chunk))
    upstream.on('data', (chunk) => this.forward(link, 'toClient', chunk))
    client.on('close', () => this.end(link))
    upstream.on('close', () => this.end(link))
  }

  private forward(link: Link, direction: 'toServer' | 'toClient', chunk: Buffer): void {
    if (link.blackhole) return
    if (link.held) {
      link.held[direction].push(chunk)
      return
    }
    const to = direction === 'toServer' ? link.upstream : link.client
    if (!to.destroyed) to.write(chunk)
  }

  private tick(): void {
    if (!this.chaos) return
    const {
      cutChance = 0.01,
      dropChance = 0.01,
      stallChance = 0.02,
      maxStallMs = 1500,
    } = this.options
    for (const link of [...this.links]) {
      if (link.held || link.blackhole) continue
      const roll = this.random()
      const span = 50 + Math.floor(this.random() * maxStallMs)
      if (roll < cutChance) {
        this.stats.cuts++
        this.end(link)
      } else if (roll < cutChance + dropChance) {
        this.stats.drops++
        link.blackhole = true
        link.timer = setTimeout(() => this.end(link), span)
      } else if (roll < cutChance + dropChance + stallChance) {
        this.stats.stalls++
        link.held = { toServer: [], toClient: [] }
        link.timer = setTimeout(() => this.resume(link), span)
      }
    }
  }

  private resume(link: Link): void {
    const held = link.held
    link.held = null
    link.timer = null
    if (!held) return
    for (const chunk of held.toServer) if (!link.upstream.destroyed) link.upstream.write(chunk)
    for (const chunk of held.toClient) if (!link.client.destroyed) link.client.write(chunk)
  }

  private end(link: Link): void {
    if (!this.links.delete(link)) return
    if (link.timer) clearTimeout(link.timer)
    // resetAndDestroy sends RST where available: the peer sees an abrupt loss, not a FIN
    const abort = (s: net.Socket) => {
      if (typeof s.resetAndDestroy === 'function' && !s.destroyed && s.readyState === 'open') {
        s.resetAndDestroy()
      } else s.destroy()
    }
    abort(link.client)
    abort(link.upstream)
  }
}
