/**
 * @module bench/syncWorker
 * One load-generator process of `bench/sync.ts`: hosts some stock `y-websocket` clients
 * (Node `ws`, BroadcastChannel off), makes random cell edits at a fixed offered rate, and
 * measures how long every other client's edit took to arrive. Edit values carry their send
 * time (`performance.timeOrigin + performance.now()`, comparable across processes on one
 * machine). Talks to the parent over the fork IPC channel.
 * Not for: starting servers or computing the report (`bench/sync.ts`).
 */
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

export interface WorkerStart {
  type: 'start'
  serverUrl: string
  room: string
  /** Query parameters of each client, by client id (our server: one user's token each). */
  params: Record<string, string>[]
  clientIds: number[]
  rowIds: string[]
  columns: string[]
  ratePerClient: number
}

export interface WorkerGo {
  type: 'go'
  startAt: number
  warmupMs: number
  measureMs: number
  drainMs: number
}

export interface WorkerResult {
  type: 'result'
  latencies: number[]
  /** Edits this worker's clients sent inside the measured window. */
  sent: number
  /** Remote edits received inside the measured window (each edit counts once per receiver). */
  receipts: number
  cpuSeconds: number
}

// every Node provider adds a process 'exit' listener; dozens per worker are expected here
process.setMaxListeners(0)

const now = (): number => performance.timeOrigin + performance.now()
const VALUE = /^b(\d+):(\d+):([\d.]+)$/

interface Client {
  id: number
  doc: Y.Doc
  provider: WebsocketProvider
  sent: number
}

let clients: Client[] = []
let config: WorkerStart | null = null
const latencies: number[] = []
let receipts = 0
let windowStart = Infinity
let windowEnd = -Infinity

function random(n: number): number {
  return Math.floor(Math.random() * n)
}

async function start(message: WorkerStart): Promise<void> {
  config = message
  clients = message.clientIds.map((id) => {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(message.serverUrl, message.room, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: message.params[id] ?? {},
    })
    const rows = doc.getMap<Y.Map<unknown>>('rows')
    rows.observeDeep((events, transaction) => {
      if (transaction.local) return
      const t = now()
      for (const event of events) {
        if (!(event instanceof Y.YMapEvent) || event.target === rows) continue
        for (const key of event.keysChanged) {
          const value = (event.target as Y.Map<unknown>).get(key)
          const match = typeof value === 'string' ? VALUE.exec(value) : null
          if (!match) continue
          const sentAt = Number(match[3])
          if (sentAt >= windowStart && sentAt <= windowEnd) {
            latencies.push(t - sentAt)
            receipts++
          }
        }
      }
    })
    return { id, doc, provider, sent: 0 }
  })
  await Promise.all(
    clients.map(
      (c) =>
        new Promise<void>((resolve) =>
          c.provider.synced ? resolve() : c.provider.once('sync', () => resolve()),
        ),
    ),
  )
  process.send!({ type: 'ready' })
}

async function go({ startAt, warmupMs, measureMs, drainMs }: WorkerGo): Promise<void> {
  const { rowIds, columns, ratePerClient } = config!
  windowStart = startAt + warmupMs
  windowEnd = windowStart + measureMs
  const stopAt = windowEnd
  let sentInWindow = 0
  let cpuAtStart: NodeJS.CpuUsage | null = null
  let cpuSeconds = 0
  const counts = new Map<Client, number>(clients.map((c) => [c, 0]))
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const t = now()
      if (t >= windowStart && !cpuAtStart) cpuAtStart = process.cpuUsage()
      if (t >= stopAt) {
        clearInterval(timer)
        const used = process.cpuUsage(cpuAtStart ?? undefined)
        cpuSeconds = (used.user + used.system) / 1e6
        return resolve()
      }
      if (t < startAt) return
      const owed = Math.floor(((t - startAt) / 1000) * ratePerClient)
      for (const c of clients) {
        let done = counts.get(c)!
        for (; done < owed; done++) {
          const sentAt = now()
          const row = c.doc.getMap<Y.Map<unknown>>('rows').get(rowIds[random(rowIds.length)]!)
          row?.set(columns[random(columns.length)]!, `b${c.id}:${++c.sent}:${sentAt.toFixed(3)}`)
          if (sentAt >= windowStart && sentAt <= windowEnd) sentInWindow++
        }
        counts.set(c, done)
      }
    }, 2)
  })
  await new Promise((r) => setTimeout(r, drainMs))
  const result: WorkerResult = {
    type: 'result',
    latencies,
    sent: sentInWindow,
    receipts,
    cpuSeconds,
  }
  process.send!(result)
}

process.on('message', (message: WorkerStart | WorkerGo | { type: 'exit' }) => {
  if (message.type === 'start') void start(message)
  else if (message.type === 'go') void go(message)
  else {
    for (const c of clients) c.provider.destroy()
    process.exit(0)
  }
})
