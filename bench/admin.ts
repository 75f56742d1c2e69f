/**
 * @module bench/admin
 * `npm run bench:admin [-- --users 1000] [--rounds 3]` — the users import under load (SPEC
 * §11): the real server process (SQLite) on a fresh data directory per round, a district with
 * one 街道 and 20 网格, then `POST /api/users/import` of a csv with N people, half of them
 * with an 初始密码 and half with one generated — every account is hashed (scrypt, on the
 * server's worker pool) — while a loop sends `GET /api/me` one after another the whole time.
 * Reported per round and as the median of the rounds: the import's wall time (target < 60 s
 * on 2 cores), the p50/p99/max latency of the `GET /api/me` loop during the import (target
 * p99 < 200 ms), and the server's CPU seconds. Written to bench/RESULTS.md under "## admin".
 * Not for: correctness (tests/api/adminImport.test.ts).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { benchApi, cpuSecondsOf, spawnServer, stopChild } from './serverProcess'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const RESULTS = join(ROOT, 'bench/RESULTS.md')
const ADMIN_PASSWORD = 'bench-admin-password'

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    grids: { type: 'string', default: '20' },
    'no-write': { type: 'boolean', default: false },
  },
})
const USERS = Number(args.users)
const ROUNDS = Number(args.rounds)
const GRIDS = Number(args.grids)

const startServer = () =>
  spawnServer('taizhang-bench-admin-', { TAIZHANG_ADMIN_PASSWORD: ADMIN_PASSWORD })

const api = benchApi

function usersCsv(n: number): string {
  const lines = ['用户名,姓名,单位,角色,初始密码']
  for (let i = 1; i <= n; i++) {
    const id = String(i).padStart(4, '0')
    const grid = `第${((i - 1) % GRIDS) + 1}网格`
    const role = i % 10 === 0 ? '组长' : '填报员'
    const password = i % 2 === 0 ? `Bench-pass-${id}` : ''
    lines.push(`bench.u${id},测试用户${id},基准街道/${grid},${role},${password}`)
  }
  return '\uFEFF' + lines.join('\n') + '\n'
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

interface Round {
  importMs: number
  created: number
  generated: number
  meCount: number
  p50: number
  p99: number
  max: number
  cpu: number
}

async function round(): Promise<Round> {
  const server = await startServer()
  try {
    const { token } = await api(server, 'POST', '/api/login', undefined, {
      username: 'admin',
      password: ADMIN_PASSWORD,
    })
    const district = (
      await api(server, 'POST', '/api/units', token, {
        name: '基准区',
        parentId: null,
        level: 'district',
      })
    ).id
    const town = (
      await api(server, 'POST', '/api/units', token, {
        name: '基准街道',
        parentId: district,
        level: 'township',
      })
    ).id
    for (let g = 1; g <= GRIDS; g++) {
      await api(server, 'POST', '/api/units', token, {
        name: `第${g}网格`,
        parentId: town,
        level: 'grid',
      })
    }
    const csv = new TextEncoder().encode(usersCsv(USERS))

    let importing = true
    const latencies: number[] = []
    const loop = (async () => {
      while (importing) {
        const t0 = performance.now()
        const res = await fetch(`${server.url}/api/me`, {
          headers: { authorization: `Bearer ${token}` },
        })
        await res.arrayBuffer()
        if (importing) latencies.push(performance.now() - t0)
      }
    })()
    const cpu0 = cpuSecondsOf(server.proc.pid!)
    const t0 = performance.now()
    const form = new FormData()
    form.append('file', new Blob([csv]), '用户.csv')
    const res = await fetch(`${server.url}/api/users/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    })
    const answer = (await res.json()) as any
    const importMs = performance.now() - t0
    const cpu = cpuSecondsOf(server.proc.pid!) - cpu0
    importing = false
    await loop
    if (res.status !== 200 || answer.created !== USERS) {
      throw new Error(`import answered ${res.status}: ${JSON.stringify(answer).slice(0, 300)}`)
    }
    const sorted = latencies.sort((a, b) => a - b)
    return {
      importMs,
      created: answer.created,
      generated: answer.passwords.length,
      meCount: sorted.length,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? 0,
      cpu,
    }
  } finally {
    await stopChild(server.proc)
    rmSync(server.dir, { recursive: true, force: true })
  }
}

const loadStart = loadavg()[0]!
const rounds: Round[] = []
for (let r = 0; r < ROUNDS; r++) {
  const result = await round()
  rounds.push(result)
  console.log(
    `round ${r + 1}: import ${(result.importMs / 1000).toFixed(1)} s (${result.created} users, ` +
      `${result.generated} generated), GET /api/me ×${result.meCount} p50 ${result.p50.toFixed(1)} ms ` +
      `p99 ${result.p99.toFixed(1)} ms max ${result.max.toFixed(1)} ms, server CPU ${result.cpu.toFixed(1)} s`,
  )
}
const loadEnd = loadavg()[0]!
const m = {
  importMs: median(rounds.map((r) => r.importMs)),
  p50: median(rounds.map((r) => r.p50)),
  p99: median(rounds.map((r) => r.p99)),
  max: median(rounds.map((r) => r.max)),
  cpu: median(rounds.map((r) => r.cpu)),
}
const ok = (v: boolean) => (v ? 'met' : 'NOT met')
const section = [
  '## admin',
  '',
  `\`npm run bench:admin -- --users ${USERS} --rounds ${ROUNDS}\` (bench/admin.ts), ${new Date().toISOString().slice(0, 16)}Z:`,
  '',
  `- machine: ${availableParallelism()} CPU(s), Node ${process.version}, load average ${loadStart.toFixed(1)} at the start, ${loadEnd.toFixed(1)} at the end (other jobs share the machine)`,
  `- the real server (SQLite); one 街道 with ${GRIDS} 网格; \`POST /api/users/import\` of a csv with ${USERS} people, half with an 初始密码 and half generated (every account hashed with scrypt N=2^14 on the server's worker pool, one worker per core); a \`GET /api/me\` loop (one request after another) for the whole import`,
  `- median of ${ROUNDS} rounds: import ${(m.importMs / 1000).toFixed(1)} s (target < 60 s: ${ok(m.importMs < 60_000)}); GET /api/me during the import p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms (target < 200 ms: ${ok(m.p99 < 200)}), max ${m.max.toFixed(1)} ms; server CPU ${m.cpu.toFixed(1)} s`,
  '',
  '| round | import s | users (generated) | GET /api/me n | p50 ms | p99 ms | max ms | server CPU s |',
  '| ----- | -------- | ----------------- | ------------- | ------ | ------ | ------ | ------------ |',
  ...rounds.map(
    (r, i) =>
      `| ${i + 1} | ${(r.importMs / 1000).toFixed(1)} | ${r.created} (${r.generated}) | ${r.meCount} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.cpu.toFixed(1)} |`,
  ),
  '',
].join('\n')
console.log(section)
if (!args['no-write']) {
  const text = readFileSync(RESULTS, 'utf8')
  const start = text.indexOf('\n## admin\n')
  let next = start >= 0 ? text.indexOf('\n## ', start + 1) : -1
  if (start >= 0 && next < 0) next = text.length
  const updated =
    start >= 0
      ? text.slice(0, start + 1) + section + text.slice(next + 1)
      : text.trimEnd() + '\n\n' + section
  writeFileSync(RESULTS, updated)
}
