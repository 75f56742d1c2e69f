/**
 * @module bench/sync
 * `npm run bench:sync` — the sync relay under load (SPEC §6.3, sync), our server and the
 * in-memory reference (`y-websocket@2`'s bin, installed as `y-websocket-reference`) in the
 * SAME run so their ratio is measured under the same machine load.
 *
 * For each server and N clients (2, 10, 50): a 2,000-row × 20-column sheet is seeded, N
 * stock `y-websocket` clients spread over worker processes (`syncWorker.ts`) edit random
 * cells at a fixed offered rate for a warm-up and then a measured window; we report edit
 * propagation latency to every other client (p50/p95/p99), delivered edits/s (edits that
 * reached all the others), the late-joiner sync time, server RSS and server CPU seconds per
 * 1,000 delivered edits (read from /proc, the steadiest figure on a shared machine), and the
 * generators' CPU (cores busy) so a saturated generator is visible.
 * Our server checks every client's session and writes every update to its log before
 * relaying it; the reference keeps everything in memory. Ours runs twice: as deployed by
 * default (relay once the update is in the append journal, safe from a server crash; it is
 * committed to SQLite and flushed to the disk within 1 s, at once when the web app asks,
 * and the web app shows an edit saved only then), and with `--relay-after fsync` (the relay
 * also waits for that flush). The stock clients here never ask.
 *
 * The machine is shared, so one run of each is noisy: each size is measured in several rounds
 * that rotate which server goes first, and the tables give each figure's median over the
 * rounds (every round's p99 and CPU are listed too, to show the spread). A warm-up of at
 * least 15 s and 3,000 offered edits lets V8 finish optimizing, and collecting what loading
 * the sheet left, before the measured window: with 2 s, a third of either server's CPU in
 * the window was the JIT compiler, not the relay; and at 40 edits/s, after 15 s, the
 * servers' compiler and GC threads still used 0.27 s (ours) and 0.15 s (the reference) of a
 * 30 s window, against 0.05 and 0.02 s after 75 s.
 *
 * Settings: SYNC_BENCH_SECONDS (measured window; default: at least 10 s and 1,200 offered
 * edits), SYNC_BENCH_WARMUP_SECONDS (default: at least 15 s and 3,000 offered edits),
 * SYNC_BENCH_ROUNDS (default 3),
 * SYNC_BENCH_STRICT=0 (skip the `--relay-after fsync` runs), SYNC_BENCH_BASELINE=DIR (also run
 * the server of another checkout with its own node_modules, e.g. the code before a change, as
 * one more server in the same rounds), SYNC_BENCH_CLIENTS (e.g.
 * "2,10,50"), SYNC_BENCH_RATE (edits/s per client; default 20, and 4 at 50 clients so the
 * 2-core machine's generators are not the bottleneck). A run with any of these writes its
 * own section of RESULTS.md, headed by them. Diagnostics: SYNC_BENCH_PROFILE=1 (write V8 CPU
 * profiles of our server to bench/out/ and of the reference to bench/out/reference/),
 * SYNC_BENCH_THREADS=1 (print each server's CPU by thread over the measured window).
 * Not for: correctness (tests/sync/).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { appendRows, readRows } from '@taizhang/schema'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { cpuSecondsOf, rssMiBOf, stopChild, threadCpuOf, waitForLine } from './serverProcess'
import type { WorkerResult, WorkerStart } from './syncWorker'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const REFERENCE_BIN = join(ROOT, 'node_modules/y-websocket-reference/bin/server.cjs')
const ROWS = 2000
const COLUMNS = Array.from({ length: 20 }, (_, i) => `c${i}`)
const THREADS = process.env.SYNC_BENCH_THREADS === '1'
const DRAIN_MS = 1500
const CLIENT_COUNTS = (process.env.SYNC_BENCH_CLIENTS ?? '2,10,50').split(',').map(Number)
const rateFor = (n: number): number =>
  process.env.SYNC_BENCH_RATE ? Number(process.env.SYNC_BENCH_RATE) : n >= 50 ? 4 : 20
/**
 * The measured window: SYNC_BENCH_SECONDS if set, else long enough for 1,200 offered edits
 * and at least 10 s. At 2 clients (40 edits/s) 10 s held only 400 edits, so one GC or one
 * clock tick (10 ms) moved CPU per edit by several per cent: 30 s there.
 */
const measureMsFor = (n: number): number =>
  process.env.SYNC_BENCH_SECONDS
    ? Number(process.env.SYNC_BENCH_SECONDS) * 1000
    : Math.max(10_000, Math.ceil(1200 / (n * rateFor(n))) * 1000)
/** The warm-up: SYNC_BENCH_WARMUP_SECONDS if set, else at least 15 s and 3,000 offered edits. */
const warmupMsFor = (n: number): number =>
  process.env.SYNC_BENCH_WARMUP_SECONDS
    ? Number(process.env.SYNC_BENCH_WARMUP_SECONDS) * 1000
    : Math.max(15_000, Math.ceil(3000 / (n * rateFor(n))) * 1000)
const WORKERS = 2
const ROUNDS = Math.max(1, Number(process.env.SYNC_BENCH_ROUNDS ?? 3))
const ADMIN_PASSWORD = 'bench-admin-password'

interface Target {
  name: string
  pid: number
  serverUrl: string
  room: string
  /** Query parameters of client i (our server: a token of its own user). */
  params(client: number): Record<string, string>
  /** Make sure at least this many clients can connect. */
  prepare(clients: number): Promise<void>
  /** Sheet snapshots written so far (our server's /metrics); absent for the reference. */
  snapshots?(): Promise<number>
  stop(): Promise<void>
}

interface Figures {
  server: string
  clients: number
  rate: number
  p50: number
  p95: number
  p99: number
  offered: number
  delivered: number
  lateJoinMs: number
  rssMiB: number
  cpuPer1000: number
  serverCores: number
  generatorCores: number
  /** Snapshots our server wrote from its start to the end of the measured window. */
  snapshots?: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

const OURS = 'taizhang'
const OURS_STRICT = 'taizhang --relay-after fsync'
const REFERENCE = 'y-websocket@2 (reference)'

/** `root`: the checkout whose server runs (another one for `SYNC_BENCH_BASELINE`). */
async function startOurs(
  relayAfter: 'write' | 'fsync' = 'write',
  root = ROOT,
  name = relayAfter === 'write' ? OURS : OURS_STRICT,
): Promise<Target> {
  const data = mkdtempSync(join(tmpdir(), 'taizhang-bench-'))
  const child = spawn(
    process.execPath,
    [
      ...(process.env.SYNC_BENCH_PROFILE
        ? ['--cpu-prof', '--cpu-prof-dir', join(ROOT, 'bench/out')]
        : []),
      join(root, 'server/bin/taizhang.mjs'),
      ...['serve', '--port', '0', '--data', data],
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        TAIZHANG_ADMIN_PASSWORD: ADMIN_PASSWORD,
        TAIZHANG_RELAY_AFTER: relayAfter,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const [, base] = await waitForLine(child, /listening on (http:\/\/127\.0\.0\.1:\d+)\n/)
  const call = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as Record<string, string>
  }
  const { token } = await call('/api/login', { username: 'admin', password: ADMIN_PASSWORD })
  const { id: unitId } = await call(
    '/api/units',
    { name: '基准区', parentId: null, level: 'district' },
    token,
  )
  const { id: sheetId } = await call(
    '/api/sheets',
    { unitId, template: 'ledger', title: '基准表' },
    token,
  )
  // one user per client, as in real use (the server also caps connections per user)
  const tokens: string[] = []
  return {
    name,
    pid: child.pid!,
    serverUrl: base!.replace('http', 'ws') + '/sync',
    room: sheetId!,
    params: (client) => ({ token: client < 0 ? token! : tokens[client]! }),
    prepare: async (clients) => {
      for (let i = tokens.length; i < clients; i++) {
        const username = `bench${i}`
        const password = 'bench-user-password'
        await call(
          '/api/users',
          { username, password, displayName: `填报员${i}`, grants: [{ unitId, role: 'filler' }] },
          token,
        )
        tokens.push((await call('/api/login', { username, password })).token!)
      }
    },
    snapshots: async () => {
      const text = await (await fetch(`${base}/metrics`)).text()
      return Number(/^taizhang_compactions_total (\d+)$/m.exec(text)?.[1] ?? NaN)
    },
    stop: async () => {
      await stopChild(child)
      rmSync(data, { recursive: true, force: true })
    },
  }
}

async function startReference(): Promise<Target> {
  const port = await freePort()
  const profile = process.env.SYNC_BENCH_PROFILE
    ? ['--cpu-prof', '--cpu-prof-dir', join(ROOT, 'bench/out/reference')].concat([
        '--require',
        join(ROOT, 'bench/exitOnSigterm.cjs'),
      ])
    : []
  const child = spawn(process.execPath, [...profile, REFERENCE_BIN], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await waitForLine(child, /running at/)
  return {
    name: REFERENCE,
    pid: child.pid!,
    serverUrl: `ws://127.0.0.1:${port}`,
    room: 'bench-sheet',
    params: () => ({}),
    prepare: async () => {},
    stop: () => stopChild(child),
  }
}

function printThreadCpu(server: string, before: Map<string, number>, after: Map<string, number>) {
  const rows = [...after]
    .map(([name, s]) => [name, s - (before.get(name) ?? 0)] as const)
    .filter(([, s]) => s > 0)
    .map(([name, s]) => `${name} ${s.toFixed(2)}`)
  console.log(`  ${server} CPU s by thread: ${rows.join(', ')}`)
}

function connect(target: Target, doc: Y.Doc): WebsocketProvider {
  return new WebsocketProvider(target.serverUrl, target.room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: target.params(-1),
  })
}

const synced = (p: WebsocketProvider) =>
  new Promise<void>((resolve) => (p.synced ? resolve() : p.once('sync', () => resolve())))

/** Push the 2,000 × 20 seed sheet to the server; returns the row ids. */
async function seed(target: Target, seedUpdate: Uint8Array): Promise<void> {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, seedUpdate)
  const provider = connect(target, doc)
  await synced(provider)
  // confirm the server holds it: a fresh client must see every row
  const check = new Y.Doc()
  const checker = connect(target, check)
  for (let i = 0; i < 200 && readRows(check).length < ROWS; i++) await sleep(50)
  checker.destroy()
  provider.destroy()
  if (readRows(check).length < ROWS) throw new Error(`${target.name}: seeding failed`)
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function runOne(
  start: () => Promise<Target>,
  clients: number,
  seedUpdate: Uint8Array,
  rowIds: string[],
): Promise<Figures> {
  const target = await start()
  const workers: ChildProcess[] = []
  try {
    await seed(target, seedUpdate)
    await target.prepare(clients)
    const rate = rateFor(clients)
    const measureMs = measureMsFor(clients)
    const warmupMs = warmupMsFor(clients)
    const perWorker = Array.from({ length: WORKERS }, (_, w) =>
      Array.from({ length: clients }, (_, i) => i).filter((i) => i % WORKERS === w),
    ).filter((ids) => ids.length > 0)
    const results: Promise<WorkerResult>[] = []
    const ready: Promise<void>[] = []
    for (const clientIds of perWorker) {
      const worker = fork(join(ROOT, 'bench/syncWorker.ts'), [], {
        execArgv: ['--import', 'tsx'],
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      })
      workers.push(worker)
      ready.push(new Promise((resolve) => worker.once('message', () => resolve())))
      results.push(
        new Promise((resolve) =>
          worker.on('message', (m: { type: string }) => {
            if (m.type === 'result') resolve(m as WorkerResult)
          }),
        ),
      )
      const message: WorkerStart = {
        type: 'start',
        serverUrl: target.serverUrl,
        room: target.room,
        params: Array.from({ length: clients }, (_, i) => target.params(i)),
        clientIds,
        rowIds,
        columns: COLUMNS,
        ratePerClient: rate,
      }
      worker.send(message)
    }
    await Promise.all(ready)
    const startAt = performance.timeOrigin + performance.now() + 300
    for (const w of workers) {
      w.send({ type: 'go', startAt, warmupMs, measureMs, drainMs: DRAIN_MS })
    }
    await sleep(300 + warmupMs)
    const cpuBefore = cpuSecondsOf(target.pid)
    const threadsBefore = THREADS ? threadCpuOf(target.pid) : null
    await sleep(measureMs)
    const serverCpu = cpuSecondsOf(target.pid) - cpuBefore
    // read after the window: an HTTP request in it would make V8 recompile the socket paths
    const snapshots = await target.snapshots?.()
    if (threadsBefore) printThreadCpu(target.name, threadsBefore, threadCpuOf(target.pid))
    const rssMiB = rssMiBOf(target.pid)
    const done = await Promise.all(results)

    const latencies = done.flatMap((r) => r.latencies).sort((a, b) => a - b)
    const receipts = done.reduce((s, r) => s + r.receipts, 0)
    const sent = done.reduce((s, r) => s + r.sent, 0)
    const seconds = measureMs / 1000
    const delivered = receipts / Math.max(1, clients - 1) / seconds
    const generatorCores = done.reduce((s, r) => s + r.cpuSeconds, 0) / seconds

    // late joiner: a fresh client until it has the whole sheet
    const lateDoc = new Y.Doc()
    const t0 = performance.now()
    const late = connect(target, lateDoc)
    await synced(late)
    const lateJoinMs = performance.now() - t0
    late.destroy()
    if (readRows(lateDoc).length !== ROWS) throw new Error(`${target.name}: late joiner incomplete`)

    return {
      server: target.name,
      clients,
      rate,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      offered: sent / seconds,
      delivered,
      lateJoinMs,
      rssMiB,
      cpuPer1000: delivered > 0 ? serverCpu / ((delivered * seconds) / 1000) : NaN,
      serverCores: serverCpu / seconds,
      generatorCores,
      snapshots,
    }
  } finally {
    for (const w of workers) {
      if (w.connected) w.send({ type: 'exit' })
    }
    await Promise.all(workers.map((w) => stopChild(w)))
    await target.stop()
  }
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–')

function table(figures: Figures[]): string {
  const head =
    '| server | clients × edits/s | p50 ms | p95 ms | p99 ms | offered edits/s | delivered edits/s | late join ms | RSS MiB | server CPU s / 1000 edits | server cores | generator cores |'
  const sep = '|' + ' --- |'.repeat(12)
  const lines = figures.map(
    (f) =>
      `| ${f.server} | ${f.clients} × ${f.rate} | ${fmt(f.p50)} | ${fmt(f.p95)} | ${fmt(f.p99)} | ${fmt(f.offered, 0)} | ${fmt(f.delivered, 0)} | ${fmt(f.lateJoinMs, 0)} | ${fmt(f.rssMiB, 0)} | ${fmt(f.cpuPer1000, 3)} | ${fmt(f.serverCores, 2)} | ${fmt(f.generatorCores, 2)} |`,
  )
  return [head, sep, ...lines].join('\n')
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** One row per server and size: every figure is the median over that pair's rounds. */
function medians(rounds: Figures[]): Figures[] {
  const out: Figures[] = []
  for (const clients of CLIENT_COUNTS) {
    for (const server of new Set(rounds.map((f) => f.server))) {
      const mine = rounds.filter((f) => f.server === server && f.clients === clients)
      if (mine.length === 0) continue
      const m = (pick: (f: Figures) => number) => median(mine.map(pick))
      out.push({
        server,
        clients,
        rate: mine[0]!.rate,
        p50: m((f) => f.p50),
        p95: m((f) => f.p95),
        p99: m((f) => f.p99),
        offered: m((f) => f.offered),
        delivered: m((f) => f.delivered),
        lateJoinMs: m((f) => f.lateJoinMs),
        rssMiB: m((f) => f.rssMiB),
        cpuPer1000: m((f) => f.cpuPer1000),
        serverCores: m((f) => f.serverCores),
        generatorCores: m((f) => f.generatorCores),
      })
    }
  }
  return out
}

function ratios(figures: Figures[], rounds: Figures[]): string[] {
  const out: string[] = []
  const each = (server: string, n: number, pick: (f: Figures) => string) =>
    rounds
      .filter((f) => f.clients === n && f.server === server)
      .map(pick)
      .join(', ')
  for (const n of CLIENT_COUNTS) {
    const ref = figures.find((f) => f.clients === n && f.server === REFERENCE)
    if (!ref) continue
    for (const ours of figures.filter((f) => f.clients === n && f.server !== REFERENCE)) {
      const p99 = ours.p99 <= ref.p99 ? 'met' : 'missed'
      const thr = ours.delivered >= 0.8 * ref.delivered ? 'met' : 'missed'
      const cpu = ours.cpuPer1000 <= 1.2 * ref.cpuPer1000 ? 'met' : 'missed'
      out.push(
        `- ${n} clients, \`${ours.server}\`: p99 ${fmt(ours.p99)} vs ${fmt(ref.p99)} ms (target ≤ reference: ${p99}); ` +
          `delivered ${fmt(ours.delivered / ref.delivered, 2)}× (target ≥ 0.8: ${thr}); ` +
          `CPU per edit ${fmt(ours.cpuPer1000 / ref.cpuPer1000, 2)}× (target ≤ 1.2: ${cpu})`,
      )
    }
    const servers = [...new Set(rounds.filter((f) => f.clients === n).map((f) => f.server))]
    out.push(
      `  - each round, p99 ms: ${servers.map((name) => `${name} ${each(name, n, (f) => fmt(f.p99))}`).join('; ')}`,
      `  - each round, CPU s / 1000 edits: ${servers.map((name) => `${name} ${each(name, n, (f) => fmt(f.cpuPer1000, 3))}`).join('; ')}`,
      `  - each round, sheet snapshots written by the end of the measured window (each encodes the whole sheet): ${servers
        .filter((name) => name !== REFERENCE)
        .map((name) => `${name} ${each(name, n, (f) => fmt(f.snapshots ?? NaN, 0))}`)
        .join('; ')}`,
    )
  }
  return out
}

/**
 * The settings a run was given (`SYNC_BENCH_*` that change what is measured): a run with any
 * gets a section of its own in RESULTS.md, so a variant never overwrites the default run's.
 */
const DIAGNOSTICS = new Set(['SYNC_BENCH_PROFILE', 'SYNC_BENCH_THREADS'])

function variantSettings(): string {
  return Object.entries(process.env)
    .filter(([name]) => name.startsWith('SYNC_BENCH_') && !DIAGNOSTICS.has(name))
    .map(([name, value]) => `${name}=${value}`)
    .sort()
    .join(' ')
}

function writeResults(figures: Figures[], rounds: Figures[]): void {
  const file = join(ROOT, 'bench/RESULTS.md')
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
  const settings = variantSettings()
  const heading = settings ? `## sync (${settings})` : '## sync'
  const section = [
    heading,
    '',
    `\`${settings ? settings + ' ' : ''}npm run bench:sync\` (bench/sync.ts), ${new Date().toISOString().slice(0, 10)}:`,
    '',
    `- machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, load average ${load} at the end`,
    `- sheet ${ROWS} rows × ${COLUMNS.length} columns; random cell edits at a fixed offered rate per client; ${WORKERS} generator processes; ${CLIENT_COUNTS.map((n) => `${warmupMsFor(n) / 1000} s warm-up and ${measureMsFor(n) / 1000} s measured (${n} clients)`).join(', ')}; ${ROUNDS} rounds per size rotating which server goes first, medians shown`,
    '- latency: send → arrival at each other client; delivered edits/s: edits that reached all the others; server CPU from /proc over the measured window',
    `- \`${OURS}\`: every update written to the append journal (one write(), safe from a server crash) before it is relayed, then within 1 s (nobody asks here) committed to the SQLite log and flushed to the disk (fdatasync), one user per client; \`${OURS_STRICT}\`: the relay also waits for that flush; reference: y-websocket@2.1.0 bin, in memory, no authentication`,
    ...(BASELINE
      ? [
          `- \`${BASELINE_NAME}\`: the server of the checkout in \`${BASELINE}\`, run like \`${OURS}\` in the same rounds`,
        ]
      : []),
    '',
    table(figures),
    '',
    ...ratios(figures, rounds),
    '',
  ].join('\n')
  let text = readFileSync(file, 'utf8')
  const start = text.indexOf(`\n${heading}\n`)
  if (start >= 0) {
    const next = text.indexOf('\n## ', start + 1)
    text = text.slice(0, start + 1) + section + (next >= 0 ? '\n' + text.slice(next + 1) : '')
  } else {
    // a new variant goes after the other sync sections, so the sync figures stay together
    let end = text.indexOf('\n## sync')
    while (end >= 0 && text.startsWith('\n## sync', end)) end = text.indexOf('\n## ', end + 1)
    text =
      end >= 0
        ? text.slice(0, end + 1) + section + '\n' + text.slice(end + 1)
        : text.trimEnd() + '\n\n' + section
  }
  writeFileSync(file, text)
}

const BASELINE = process.env.SYNC_BENCH_BASELINE
/** The baseline checkout's server, named after its folder. */
const BASELINE_NAME =
  BASELINE && `taizhang (baseline: ${BASELINE.replace(/\/+$/, '').split('/').pop()})`

/**
 * Our server as deployed by default, the reference, ours relaying only after the flush, and
 * the baseline checkout's server (as deployed by default).
 */
const STARTS: (() => Promise<Target>)[] = [
  () => startOurs('write'),
  startReference,
  ...(process.env.SYNC_BENCH_STRICT === '0' ? [] : [() => startOurs('fsync')]),
  ...(BASELINE ? [() => startOurs('write', BASELINE, BASELINE_NAME)] : []),
]

async function main(): Promise<void> {
  const seedDoc = new Y.Doc()
  const rowIds = appendRows(
    seedDoc,
    Array.from({ length: ROWS }, (_, r) =>
      Object.fromEntries(COLUMNS.map((c, i) => [c, i === 0 ? `组织${r}` : `值${r}-${i}`])),
    ),
  )
  const seedUpdate = Y.encodeStateAsUpdate(seedDoc)
  const rounds: Figures[] = []
  for (const clients of CLIENT_COUNTS) {
    for (let round = 0; round < ROUNDS; round++) {
      // rotate who goes first, so a drift in machine load does not favour one server
      const order = [
        ...STARTS.slice(round % STARTS.length),
        ...STARTS.slice(0, round % STARTS.length),
      ]
      for (const start of order) {
        const f = await runOne(start, clients, seedUpdate, rowIds)
        rounds.push(f)
        console.log(
          `round ${round + 1}/${ROUNDS} ` +
            table([f]).split('\n')[2] +
            (f.snapshots === undefined
              ? ''
              : ` snapshots by the end of the window: ${f.snapshots}`),
        )
      }
    }
  }
  const figures = medians(rounds)
  console.log('\n' + table(figures) + '\n\n' + ratios(figures, rounds).join('\n'))
  writeResults(figures, rounds)
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
