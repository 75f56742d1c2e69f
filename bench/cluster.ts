/**
 * @module bench/cluster
 * `npx tsx bench/cluster.ts` — the cluster under load (docs/ARCHITECTURE.md §8; not a test).
 * Three `taizhang serve --postgres --redis` nodes on a fresh PostgreSQL database (dropped
 * at the end) and the local Redis; 100 ledger sheets; 300 stock y-websocket clients (3 per
 * sheet) in this process, spread round-robin over the first 1, 2 or 3 nodes, each setting
 * a cell of its own row at a fixed offered rate. A client on another node sees the edit
 * only through PostgreSQL + Redis. Reported per node count: delivered edits/s (edits that
 * reached both other clients of their sheet), latency to each receiving client (p50/p99),
 * the scaling ratio against one node, and this generator's CPU (cores busy) so a
 * saturated generator is visible. The idle nodes stay up in every phase (cheap: no rooms).
 *
 * Settings: CLUSTER_BENCH_SECONDS (measured window, default 8), CLUSTER_BENCH_RATE (edits/s
 * per client, default 1), CLUSTER_BENCH_NODES ("1,2,3"). Appends to bench/RESULTS.md under
 * "cluster" with CLUSTER_BENCH_WRITE=1.
 * Not for: correctness (tests/cluster/).
 */
import { appendFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { insertRow, rowsMap, setCell } from '@taizhang/schema'
import { createTestDatabase } from '@taizhang/server/test'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { REPO_ROOT, startTestServer, type TestServer } from '../tests/helpers/server'

const SHEETS = 100
const PER_SHEET = 3
const USERS = 20 // 15 connections each: under the per-user limit of 20
const MEASURE_MS = Number(process.env.CLUSTER_BENCH_SECONDS ?? 8) * 1000
const RATE = Number(process.env.CLUSTER_BENCH_RATE ?? 1)
const NODE_COUNTS = (process.env.CLUSTER_BENCH_NODES ?? '1,2,3').split(',').map(Number)
const WARMUP_MS = 2000
const DRAIN_MS = 2000
const PASSWORD = 'bench-user-password'

const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface Client {
  sheet: number
  doc: Y.Doc
  provider: WebsocketProvider
  rowId: string
}

async function must(node: TestServer, method: string, path: string, token: string, body: unknown) {
  const res = await node.api(method, path, token, body)
  if (res.status >= 300)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

async function seed(node: TestServer) {
  const admin = await node.login('admin', node.adminPassword)
  const district = (
    await must(node, 'POST', '/api/units', admin, {
      name: '压测区',
      parentId: null,
      level: 'district',
    })
  ).id
  const grid = (
    await must(node, 'POST', '/api/units', admin, {
      name: '压测网格',
      parentId: district,
      level: 'grid',
    })
  ).id
  const sheets: string[] = []
  for (let i = 0; i < SHEETS; i++) {
    sheets.push(
      (
        await must(node, 'POST', '/api/sheets', admin, {
          unitId: grid,
          template: 'ledger',
          title: `压测台账${i}`,
        })
      ).id,
    )
  }
  const tokens: string[] = []
  for (let u = 0; u < USERS; u++) {
    await must(node, 'POST', '/api/users', admin, {
      username: `bench${u}`,
      password: PASSWORD,
      displayName: `压测用户${u}`,
      grants: [{ unitId: district, role: 'filler' }],
    })
    tokens.push(await node.login(`bench${u}`, PASSWORD))
  }
  return { sheets, tokens }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** Sum of a counter over the nodes' /metrics. */
async function counter(nodes: TestServer[], name: string): Promise<number> {
  let sum = 0
  for (const node of nodes) {
    const text = await (await fetch(`${node.url}/metrics`)).text()
    const m = text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm'))
    sum += Number(m?.[1] ?? 0)
  }
  return sum
}

async function phase(nodes: TestServer[], sheets: string[], tokens: string[]) {
  const caughtUpBefore = await counter(nodes, 'taizhang_cluster_caught_up_total')
  const clients: Client[] = []
  const latencies: number[] = []
  const edits = new Map<string, number>() // `${rowId}:${t}` → receivers so far
  let window = { start: Infinity, end: Infinity }
  for (let i = 0; i < SHEETS * PER_SHEET; i++) {
    const sheet = i % SHEETS
    const node = nodes[i % nodes.length]!
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(`${node.wsUrl}/sync`, sheets[sheet]!, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: { token: tokens[i % USERS]! },
    })
    rowsMap(doc).observeDeep((events, transaction) => {
      if (transaction.local) return
      const at = now()
      for (const event of events) {
        const rowId = (event.target as Y.Map<unknown>)._item?.parentSub
        if (!rowId || !event.changes.keys.has('members')) continue
        const t = (event.target as Y.Map<unknown>).get('members') as number
        if (t < window.start || t > window.end) continue
        latencies.push(at - t)
        const key = `${rowId}:${t}`
        edits.set(key, (edits.get(key) ?? 0) + 1)
      }
    })
    clients.push({ sheet, doc, provider, rowId: '' })
    if (i % 30 === 29) await sleep(50)
  }
  await Promise.all(
    clients.map(
      (c) =>
        new Promise<void>((r) => (c.provider.synced ? r() : c.provider.once('sync', () => r()))),
    ),
  )
  for (const c of clients) {
    c.rowId = insertRow(c.doc, { name: `行${c.sheet}`, members: 0 })
  }
  const cpuBefore = process.cpuUsage()
  const started = now()
  window = { start: started + WARMUP_MS, end: started + WARMUP_MS + MEASURE_MS }
  const interval = 1000 / RATE
  const timersById: ReturnType<typeof setInterval>[] = []
  const timers = clients.map((c, i) =>
    setTimeout(() => {
      const tick = () => setCell(c.doc, c.rowId, 'members', now())
      tick()
      timersById[i] = setInterval(tick, interval)
    }, Math.random() * interval),
  )
  await sleep(WARMUP_MS + MEASURE_MS)
  for (const t of timers) clearTimeout(t)
  for (const t of timersById) clearInterval(t)
  await sleep(DRAIN_MS)
  const cpu = process.cpuUsage(cpuBefore)
  const elapsed = now() - started
  for (const c of clients) {
    c.provider.destroy()
    c.doc.destroy()
  }
  const fromLog = (await counter(nodes, 'taizhang_cluster_caught_up_total')) - caughtUpBefore
  const delivered = [...edits.values()].filter((n) => n >= PER_SHEET - 1).length
  latencies.sort((a, b) => a - b)
  return {
    offered: clients.length * RATE,
    deliveredPerSecond: delivered / (MEASURE_MS / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    generatorCores: (cpu.user + cpu.system) / 1000 / elapsed,
    fromLog,
  }
}

async function main() {
  const startLoad = loadavg()[0]!.toFixed(1)
  const db = await createTestDatabase()
  const redis = process.env.TAIZHANG_TEST_REDIS ?? 'redis://127.0.0.1:6379'
  const nodes: TestServer[] = []
  try {
    for (let i = 0; i < Math.max(...NODE_COUNTS); i++) {
      nodes.push(await startTestServer({ args: ['--postgres', db.url, '--redis', redis] }))
    }
    const { sheets, tokens } = await seed(nodes[0]!)
    const rows: string[] = []
    let base = NaN
    for (const n of NODE_COUNTS) {
      const r = await phase(nodes.slice(0, n), sheets, tokens)
      if (n === 1) base = r.deliveredPerSecond
      const line = `| ${n} | ${r.offered} | ${r.deliveredPerSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.deliveredPerSecond / base).toFixed(2)} | ${r.generatorCores.toFixed(2)} | ${r.fromLog} |`
      console.log(line)
      rows.push(line)
      await sleep(1000)
    }
    const report = [
      '',
      '## cluster',
      '',
      `\`npx tsx bench/cluster.ts\` (${new Date().toISOString().slice(0, 10)}): ${SHEETS} sheets × ${PER_SHEET} clients = ` +
        `${SHEETS * PER_SHEET} stock y-websocket clients, ${RATE} edit/s each, ${MEASURE_MS / 1000} s measured ` +
        `after ${WARMUP_MS / 1000} s warm-up; clients round-robin over the first N nodes (PostgreSQL log + ` +
        `Redis Streams fan-out). Machine: ${cpus().length} cores shared by all nodes, PostgreSQL, Redis and ` +
        'the load generator, so more nodes cannot add CPU here: the ratio shows the cost of the fan-out, ' +
        'not the scaling on separate machines. Load average when the run started: ' +
        `${startLoad} (other work on the machine competes for the same 2 cores).`,
      '',
      '| nodes | offered edits/s | delivered edits/s | p50 ms | p99 ms | ratio vs 1 node | generator cores | edits fetched from the log |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n')
    if (process.env.CLUSTER_BENCH_WRITE === '1')
      appendFileSync(join(REPO_ROOT, 'bench/RESULTS.md'), report)
    console.log(report)
  } finally {
    for (const node of nodes) await node.stop()
    await db.drop()
  }
}

await main()
