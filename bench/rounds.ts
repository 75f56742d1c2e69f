/**
 * @module bench/rounds
 * `npm run bench:rounds`: reporting rounds at district scale (SPEC §8) against a real server
 * process on SQLite: a district of 126 grids and 10,000 organisations (schema's demo
 * generator). Round 1 is filled over sync and accepted; rounds 2–8 are each issued carried
 * forward from the one before (10,000 rows with the same ids) and accepted. Measured:
 *   - issuing a carried-forward round (POST /api/rounds, 126 sheets) — target < 5 s;
 *   - comparing two rounds (GET /api/rounds/:id/compare) — target < 1 s;
 *   - the trend over 8 rounds (GET /api/units/:id/trend, 3 indicators) — target < 1 s;
 *   - meanwhile, the p99 of a sync edit loop on another sheet (one client edits every 50 ms,
 *     a second one receives) while rounds are issued.
 * Medians of 3 runs; the section "rounds" of bench/RESULTS.md is rewritten with the figures.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { appendRows, generateDistrict, rowsMap, setCell, insertRow } from '@taizhang/schema'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { stopChild, waitForLine } from './serverProcess'
import { writeResultsSection } from './resultsSection'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BIN = join(ROOT, 'server/bin/taizhang.mjs')
const ADMIN_PASSWORD = 'bench-admin-password'
const PASSWORD = 'bench-user-password'
const PERIODS = [
  '2025-Q1',
  '2025-Q2',
  '2025-Q3',
  '2025-Q4',
  '2026-Q1',
  '2026-Q2',
  '2026-Q3',
  '2026-Q4',
]

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-bench-rounds-'))
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dir], {
    cwd: ROOT,
    env: { ...process.env, TAIZHANG_ADMIN_PASSWORD: ADMIN_PASSWORD },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [, url] = await waitForLine(proc, /listening on (http:\/\/\S+)\n/)
  const wsUrl = url!.replace('http', 'ws')
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(url + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = (await res.json()) as any
    if (res.status >= 400)
      throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`)
    return json
  }
  const login = async (username: string, password: string) =>
    (await call('POST', '/api/login', undefined, { username, password })).token as string

  try {
    const admin = await login('admin', ADMIN_PASSWORD)
    const district = generateDistrict({
      seed: 'bench-rounds',
      townships: 14,
      gridsPerTownship: 9,
      totalOrgs: 10_000,
    })
    const districtId = (
      await call('POST', '/api/units', admin, {
        name: district.name,
        parentId: null,
        level: 'district',
      })
    ).id
    const rowsByGrid = new Map<string, Record<string, unknown>[]>()
    for (const t of district.townships) {
      const tid = (
        await call('POST', '/api/units', admin, {
          name: t.name,
          parentId: districtId,
          level: 'township',
        })
      ).id
      for (const g of t.grids) {
        const gid = (
          await call('POST', '/api/units', admin, { name: g.name, parentId: tid, level: 'grid' })
        ).id
        rowsByGrid.set(gid, g.rows)
      }
    }
    await call('POST', '/api/users', admin, {
      username: 'boss',
      password: PASSWORD,
      displayName: '区组织部',
      grants: [
        { unitId: districtId, role: 'lead' },
        { unitId: districtId, role: 'consolidator' },
      ],
    })
    const boss = await login('boss', PASSWORD)
    const connect = (sheetId: string) => {
      const doc = new Y.Doc()
      const provider = new WebsocketProvider(`${wsUrl}/sync`, sheetId, doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
        params: { token: boss },
      })
      const synced = new Promise<void>((r) => provider.once('sync', () => r()))
      return { doc, provider, synced }
    }

    // round 1: empty sheets filled over sync, then accepted
    const first = await call('POST', '/api/rounds', boss, {
      unitId: districtId,
      template: 'ledger',
      period: PERIODS[0],
      dueDate: '2025-04-15',
      carryForward: false,
    })
    let total = 0
    for (let i = 0; i < first.sheets.length; i += 14) {
      const batch = first.sheets.slice(i, i + 14) as { unitId: string; sheetId: string }[]
      const clients = batch.map((s) => ({ s, c: connect(s.sheetId) }))
      for (const { s, c } of clients) {
        await c.synced
        const rows = rowsByGrid.get(s.unitId)!
        appendRows(c.doc, rows as never)
        total += rows.length
      }
      for (const { s, c } of clients) {
        const want = rowsByGrid.get(s.unitId)!.length
        for (let k = 0; k < 200; k++) {
          const { rows } = await call('GET', `/api/sheets/${s.sheetId}/rows`, boss)
          if (rows.length === want) break
          await sleep(50)
        }
        c.provider.destroy()
      }
    }
    const acceptAll = async (sheets: { sheetId: string }[]) => {
      let accepted = 0
      for (const s of sheets) {
        try {
          await call('POST', `/api/sheets/${s.sheetId}/submit`, boss, {})
          await call('POST', `/api/sheets/${s.sheetId}/accept`, boss, {})
          accepted++
        } catch {
          // a sheet whose rows break rules stays unsubmitted; the trend counts the others
        }
      }
      return accepted
    }
    const accepted1 = await acceptAll(first.sheets)
    console.log(
      `[rounds] round 1: ${first.sheets.length} sheets, ${total} rows, ${accepted1} accepted`,
    )

    // the edit loop: a sheet of its own, one writer, one reader
    const loopUnit = [...rowsByGrid.keys()][0]!
    const loopSheet = (
      await call('POST', '/api/sheets', boss, {
        unitId: loopUnit,
        template: 'ledger',
        title: '编辑压测',
      })
    ).id
    const writer = connect(loopSheet)
    const reader = connect(loopSheet)
    await Promise.all([writer.synced, reader.synced])
    const rowId = insertRow(writer.doc, { name: '压测企业' })
    await sleep(500)
    let recording = false
    const latencies: number[] = []
    rowsMap(reader.doc).observeDeep((events, tx) => {
      if (tx.local) return
      for (const e of events) {
        const note = (e.target as Y.Map<unknown>).get?.('note')
        if (recording && typeof note === 'string' && note.startsWith('t=')) {
          latencies.push(Date.now() - Number(note.slice(2)))
        }
      }
    })
    const loop = setInterval(() => setCell(writer.doc, rowId, 'note', `t=${Date.now()}`), 50)

    // rounds 2–8, each carried forward from the one before
    const issueMs: number[] = []
    const rounds = [first.id as string]
    let carried = first.sheets
    for (const [i, period] of PERIODS.slice(1).entries()) {
      recording = true
      const t0 = performance.now()
      const next = await call('POST', '/api/rounds', boss, {
        unitId: districtId,
        template: 'ledger',
        period,
        dueDate: '2026-12-31',
      })
      issueMs.push(performance.now() - t0)
      recording = false
      rounds.push(next.id)
      carried = next.sheets
      await acceptAll(carried)
      console.log(`[rounds] round ${i + 2} (${period}) issued in ${issueMs.at(-1)!.toFixed(0)} ms`)
    }
    clearInterval(loop)
    writer.provider.destroy()
    reader.provider.destroy()
    const lastRows = (
      await Promise.all(
        carried
          .slice(0, 5)
          .map((s: { sheetId: string }) => call('GET', `/api/sheets/${s.sheetId}/rows`, boss)),
      )
    ).reduce((n, r) => n + r.rows.length, 0)

    const time = async (fn: () => Promise<unknown>) => {
      const t0 = performance.now()
      await fn()
      return performance.now() - t0
    }
    const compareMs: number[] = []
    for (let k = 0; k < 3; k++) {
      compareMs.push(
        await time(() => call('GET', `/api/rounds/${rounds[7]}/compare?with=${rounds[6]}`, boss)),
      )
    }
    const trendPath = `/api/units/${districtId}/trend?template=ledger&indicator=orgCount&indicator=orgCoverage&indicator=singleRate`
    const trendMs: number[] = []
    let trend: any
    for (let k = 0; k < 3; k++) {
      trendMs.push(await time(async () => (trend = await call('GET', trendPath, boss))))
    }
    const issue3 = issueMs.slice(0, 3)
    const fmt = (xs: number[]) => xs.map((x) => `${x.toFixed(0)} ms`).join(' / ')
    const lines = [
      `- machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at the end`,
      `- district: 126 grids, ${total} organisations (schema demo generator); round 1 filled over sync; each later round carried forward from the one before and accepted (${accepted1} of 126 sheets pass submit); SQLite, one server process`,
      `- issue a carried-forward round (126 sheets, ${total} rows): median ${median(issue3).toFixed(0)} ms of 3 (${fmt(issue3)}; all 7: ${fmt(issueMs)}) — target < 5 s: ${median(issue3) < 5000 ? 'met' : 'NOT met'}`,
      `- compare two rounds (126 units): median ${median(compareMs).toFixed(0)} ms (${fmt(compareMs)}; the first reads both rounds' sheets) — target < 1 s: ${median(compareMs) < 1000 ? 'met' : 'NOT met'}`,
      `- trend over ${trend.periods.length} rounds, 3 indicators: median ${median(trendMs).toFixed(0)} ms (${fmt(trendMs)}) — target < 1 s: ${median(trendMs) < 1000 ? 'met' : 'NOT met'}`,
      `- sync edit loop meanwhile (an edit every 50 ms, writer → reader, only while rounds were issued): ${latencies.length} edits, p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${Math.max(...latencies)} ms`,
      `- check: the first 5 sheets of round 8 hold ${lastRows} rows; orgCount per period ${JSON.stringify(trend.series.orgCount)}`,
    ]
    console.log(lines.join('\n'))
    writeResultsSection('rounds', lines)
  } finally {
    await stopChild(proc)
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
process.exit(0)
