/**
 * @module bench/load
 * `npm run bench:load [-- --seconds N] [--clients 200] [--sheets 50]` — load and soak of the
 * real server (docs/RELIABILITY.md §3): 200 stock `y-websocket` clients over 50 sheets (4 per sheet,
 * one user per sheet) with awareness on, for a bounded time (default 5 minutes). Every
 * client edits its own row about every 2.5 s and moves its cursor about every second; the
 * others measure how long each edit takes to reach them (same process, same clock).
 * Reported: propagation p50/p95/p99, edits delivered, server CPU (cores busy) and RSS over
 * time from /proc, and RSS after the clients leave and the sheets unload — it must come back
 * down (no leak). The figures are appended to bench/RESULTS.md under "## load".
 * Not for: the relay's raw throughput (bench/sync.ts) or correctness (tests/chaos).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { insertRow, readRows, rowsMap, updateRow } from '@taizhang/schema'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { benchApi, cpuSecondsOf, rssMiBOf, spawnServer, stopChild } from './serverProcess'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const ADMIN_PASSWORD = 'bench-load-admin'
const USER_PASSWORD = 'bench-load-user'
const UNLOAD_AFTER_MS = 5000

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    clients: { type: 'string', default: '200' },
    sheets: { type: 'string', default: '50' },
    'no-write': { type: 'boolean', default: false },
  },
})
const SECONDS = Number(args.seconds)
const CLIENTS = Number(args.clients)
const SHEETS = Number(args.sheets)
const PER_SHEET = Math.ceil(CLIENTS / SHEETS)

const startServer = () =>
  spawnServer('taizhang-load-', {
    TAIZHANG_ADMIN_PASSWORD: ADMIN_PASSWORD,
    TAIZHANG_UNLOAD_AFTER_MS: String(UNLOAD_AFTER_MS),
  })

/** Server CPU seconds (user + system) and RSS in MiB, from /proc. */
function sample(pid: number): { cpu: number; rss: number } {
  return { cpu: cpuSecondsOf(pid), rss: rssMiBOf(pid) }
}

const api = benchApi

const percentile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const mib = (n: number) => n.toFixed(0)

async function main(): Promise<void> {
  // every stock provider adds a process 'exit' listener: 200 of them are expected here
  process.setMaxListeners(CLIENTS + 20)
  const server = await startServer()
  const pid = server.proc.pid!
  const timeline: { t: number; phase: string; rss: number; cores: number; connected: number }[] = []
  const started = Date.now()
  let last = { ...sample(pid), at: Date.now() }
  let phase = 'setup'
  let connected = 0
  const record = () => {
    const now = { ...sample(pid), at: Date.now() }
    const cores = (now.cpu - last.cpu) / ((now.at - last.at) / 1000)
    timeline.push({
      t: Math.round((now.at - started) / 1000),
      phase,
      rss: now.rss,
      cores,
      connected,
    })
    last = now
  }
  const sampler = setInterval(record, 5000)

  // setup: a district with one grid, one sheet and one user per sheet
  const admin = (await api(server, 'POST', '/api/login', undefined, {
    username: 'admin',
    password: ADMIN_PASSWORD,
  })) as { token: string }
  const district = (await api(server, 'POST', '/api/units', admin.token, {
    name: '压测区',
    parentId: null,
    level: 'district',
  })) as { id: string }
  const sheets: { id: string; token: string }[] = []
  for (let s = 0; s < SHEETS; s++) {
    const grid = await api(server, 'POST', '/api/units', admin.token, {
      name: `第${s + 1}网格`,
      parentId: district.id,
      level: 'grid',
    })
    await api(server, 'POST', '/api/users', admin.token, {
      username: `load${s}`,
      password: USER_PASSWORD,
      displayName: `压测员${s}`,
      grants: [{ unitId: grid.id, role: 'lead' }],
    })
    const sheet = await api(server, 'POST', '/api/sheets', admin.token, {
      unitId: grid.id,
      template: 'ledger',
      title: `压测台账${s}`,
    })
    const login = await api(server, 'POST', '/api/login', undefined, {
      username: `load${s}`,
      password: USER_PASSWORD,
    })
    sheets.push({ id: sheet.id, token: login.token })
  }
  await sleep(UNLOAD_AFTER_MS + 2000)
  record()
  const baseline = sample(pid).rss

  // connect
  phase = 'load'
  const latencies: number[] = []
  let sent = 0
  const clients: { doc: Y.Doc; provider: WebsocketProvider; row: string; index: number }[] = []
  for (let i = 0; i < CLIENTS; i++) {
    const sheet = sheets[i % SHEETS]!
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(
      `${server.url.replace('http', 'ws')}/sync`,
      sheet.id,
      doc,
      {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
        params: { token: sheet.token },
      },
    )
    provider.awareness.setLocalState({
      user: { id: `load${i % SHEETS}`, name: `压测员${i}`, color: '#b71c1c' },
      cursor: null,
    })
    const row = `load-${i}`
    // propagation: a cell carries its send time; every other client notes when it arrives
    rowsMap(doc).observeDeep((events, tx) => {
      if (tx.local) return
      for (const e of events) {
        const target = e.target as Y.Map<unknown>
        if (!(target instanceof Y.Map) || !e.changes.keys.has('note')) continue
        const note = target.get('note')
        if (typeof note === 'string' && note.startsWith('t=')) {
          latencies.push(Date.now() - Number(note.slice(2).split('/')[0]))
        }
      }
    })
    clients.push({ doc, provider, row, index: i })
    provider.once('sync', () => {
      connected++
      if (!readRows(doc).some((r) => r.id === row))
        insertRow(doc, { name: `压测企业${i}` }, { id: row })
    })
    if (i % 20 === 19) await sleep(200)
  }
  const until = Date.now() + 60_000
  while (connected < CLIENTS && Date.now() < until) await sleep(200)
  console.log(`[load] ${connected}/${CLIENTS} clients synced over ${SHEETS} sheets`)

  // run: edits every ~2.5 s, cursor moves every ~1 s, per client
  const stopAt = Date.now() + SECONDS * 1000
  const timers: ReturnType<typeof setTimeout>[] = []
  for (const c of clients) {
    const edit = () => {
      if (Date.now() >= stopAt) return
      if (!args['no-write'] && rowsMap(c.doc).has(c.row)) {
        updateRow(c.doc, c.row, { note: `t=${Date.now()}/${c.index}/${sent}` })
        sent++
      }
      timers.push(setTimeout(edit, 1500 + Math.random() * 2000))
    }
    const move = () => {
      if (Date.now() >= stopAt) return
      c.provider.awareness.setLocalStateField('cursor', {
        rowId: c.row,
        colId: ['name', 'note', 'employees'][Math.floor(Math.random() * 3)],
      })
      timers.push(setTimeout(move, 700 + Math.random() * 600))
    }
    timers.push(setTimeout(edit, Math.random() * 2500), setTimeout(move, Math.random() * 1000))
  }
  let peak = 0
  while (Date.now() < stopAt) {
    await sleep(1000)
    peak = Math.max(peak, sample(pid).rss)
  }
  for (const t of timers) clearTimeout(t)
  await sleep(3000) // let the last edits arrive
  const during = timeline.filter((s) => s.phase === 'load')

  const synced = connected
  // leave: every client disconnects; rooms unload after UNLOAD_AFTER_MS and compact
  phase = 'after'
  for (const c of clients) {
    c.provider.destroy()
    c.doc.destroy()
  }
  connected = 0
  const leftAt = Date.now()
  await sleep(UNLOAD_AFTER_MS + 25_000)
  const after = sample(pid).rss
  clearInterval(sampler)
  record()

  const sorted = [...latencies].sort((a, b) => a - b)
  const expectedDeliveries = sent * (PER_SHEET - 1)
  const cores = during.length ? during.reduce((a, s) => a + s.cores, 0) / during.length : NaN
  const maxCores = during.length ? Math.max(...during.map((s) => s.cores)) : NaN
  const date = new Date().toISOString().slice(0, 16) + 'Z'
  const lines = [
    `### load — ${date}`,
    '',
    `\`npm run bench:load -- --seconds ${SECONDS}\` (bench/load.ts): ${CLIENTS} stock y-websocket clients over ${SHEETS} ledger sheets (${PER_SHEET} per sheet, one user per sheet), awareness on (cursor moves every ~1 s per client), one cell edit every ~2.5 s per client, for ${SECONDS} s; the real server process (SQLite, every update on disk before it is relayed), rooms unload ${UNLOAD_AFTER_MS / 1000} s after their last client. Node ${process.version}, ${cpus().length} CPU(s), load average ${loadavg()[0]!.toFixed(1)} at the end (other jobs share the machine).`,
    '',
    '| figure | value |',
    '| --- | --- |',
    `| clients synced | ${synced} / ${CLIENTS} |`,
    `| edits sent / deliveries expected / measured | ${sent} / ${expectedDeliveries} / ${latencies.length} |`,
    `| propagation p50 / p95 / p99 / max | ${percentile(sorted, 50)} / ${percentile(sorted, 95)} / ${percentile(sorted, 99)} / ${sorted.at(-1) ?? NaN} ms |`,
    `| server CPU during load, mean / max of 5 s samples | ${cores.toFixed(2)} / ${maxCores.toFixed(2)} cores |`,
    `| server RSS: idle before / peak under load / ${Math.round((Date.now() - leftAt) / 1000)} s after the clients left | ${mib(baseline)} / ${mib(peak)} / ${mib(after)} MiB |`,
    '',
    'RSS and CPU over time (5 s samples):',
    '',
    '| t s | phase | clients | RSS MiB | server cores |',
    '| --- | --- | --- | --- | --- |',
    ...timeline.map(
      (s) => `| ${s.t} | ${s.phase} | ${s.connected} | ${mib(s.rss)} | ${s.cores.toFixed(2)} |`,
    ),
    '',
  ]
  const report = lines.join('\n')
  console.log(report)
  appendResults(report)

  await stopChild(server.proc)
  rmSync(server.dir, { recursive: true, force: true })
  const leaked = after > baseline + 0.5 * Math.max(1, peak - baseline) && after > baseline + 64
  if (leaked) {
    console.error(
      `[load] RSS did not come back down: ${mib(after)} MiB vs ${mib(baseline)} MiB idle`,
    )
    process.exitCode = 1
  }
}

/** Put the report under "## load" in bench/RESULTS.md (newest first, older runs kept). */
function appendResults(report: string): void {
  const file = join(ROOT, 'bench/RESULTS.md')
  let text = readFileSync(file, 'utf8')
  const heading = '## load'
  if (!text.includes(`\n${heading}\n`)) text = text.trimEnd() + `\n\n${heading}\n\n`
  const at = text.indexOf(`\n${heading}\n`) + heading.length + 2
  text = text.slice(0, at) + '\n' + report + text.slice(at)
  writeFileSync(file, text)
}

await main()
