/**
 * @module bench/attachments
 * `npm run bench:attachments`: 佐证材料 uploads under load (SPEC §10) against a real server
 * process on SQLite. 50 uploads of 5 MB photos (a PNG header, then incompressible bytes) are
 * sent at once, by 10 users; measured:
 *   - wall time and throughput of the whole batch, and the p50/p99 of one upload;
 *   - the server's resident memory before, at its peak while uploading (sampled every 50 ms)
 *     and after;
 *   - meanwhile, the p99 of a sync edit loop on a sheet (one client edits every 50 ms, a
 *     second one receives), so uploads do not stall collaboration.
 * Then every upload is read back and checked by its sha256. The section "attachments" of
 * bench/RESULTS.md is rewritten with the figures. (The in-browser downscale of a photo is the
 * web app's and is measured with it.)
 */
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { insertRow, rowsMap, setCell } from '@taizhang/schema'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { rssMiBOf, stopChild, waitForLine } from './serverProcess'
import { writeResultsSection } from './resultsSection'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BIN = join(ROOT, 'server/bin/taizhang.mjs')
const ADMIN_PASSWORD = 'bench-admin-password'
const PASSWORD = 'bench-user-password'
const UPLOADS = Number(process.env.ATTACHMENT_BENCH_UPLOADS ?? 50)
const SIZE = Number(process.env.ATTACHMENT_BENCH_BYTES ?? 5 * 1024 * 1024)
/** Users the uploads are spread over (each password check costs a scrypt run). */
const USERS = 10

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN
}
const PNG_HEADER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-bench-attachments-'))
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dir], {
    cwd: ROOT,
    env: {
      ...process.env,
      TAIZHANG_ADMIN_PASSWORD: ADMIN_PASSWORD,
      TAIZHANG_LOGIN_MAX_FAILURES: '1000',
    },
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
    const json = await res.json()
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`)
    return json
  }
  const login = async (username: string, password: string) =>
    (await call('POST', '/api/login', undefined, { username, password })).token as string
  try {
    const admin = await login('admin', ADMIN_PASSWORD)
    const district = (
      await call('POST', '/api/units', admin, {
        name: '压测区',
        parentId: null,
        level: 'district',
      })
    ).id as string
    const grid = (
      await call('POST', '/api/units', admin, {
        name: '压测网格',
        parentId: district,
        level: 'grid',
      })
    ).id as string
    const tokens: string[] = []
    for (let i = 0; i < USERS; i++) {
      await call('POST', '/api/users', admin, {
        username: `uploader${i}`,
        password: PASSWORD,
        displayName: `上传者${i}`,
        grants: [{ unitId: grid, role: 'filler' }],
      })
      tokens.push(await login(`uploader${i}`, PASSWORD))
    }
    const sheetId = (
      await call('POST', '/api/sheets', admin, {
        unitId: grid,
        template: 'ledger',
        title: '编辑压测',
      })
    ).id as string
    const connect = () => {
      const doc = new Y.Doc()
      const provider = new WebsocketProvider(`${wsUrl}/sync`, sheetId, doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
        params: { token: admin },
      })
      const synced = new Promise<void>((r) => provider.once('sync', () => r()))
      return { doc, provider, synced }
    }
    const writer = connect()
    const reader = connect()
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

    const files = Array.from({ length: UPLOADS }, () =>
      Buffer.concat([PNG_HEADER, randomBytes(SIZE - PNG_HEADER.length)]),
    )
    await sleep(1000)
    console.log('[attachments] uploading')
    const rssBefore = rssMiBOf(proc.pid!)
    let rssPeak = rssBefore
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, rssMiBOf(proc.pid!))
    }, 50)
    recording = true
    const t0 = performance.now()
    const times: number[] = []
    const statuses = await Promise.all(
      files.map(async (bytes, i) => {
        const start = performance.now()
        const form = new FormData()
        form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), `p${i}.png`)
        const res = await fetch(`${url}/api/attachments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[i % USERS]}` },
          body: form,
        })
        await res.arrayBuffer()
        times.push(performance.now() - start)
        return res.status
      }),
    )
    const wallMs = performance.now() - t0
    recording = false
    clearInterval(sampler)
    clearInterval(loop)
    writer.provider.destroy()
    reader.provider.destroy()
    await sleep(2000)
    const rssAfter = rssMiBOf(proc.pid!)

    let verified = 0
    for (const [i, bytes] of files.entries()) {
      const id = createHash('sha256').update(bytes).digest('hex')
      const res = await fetch(`${url}/api/attachments/${id}`, {
        headers: { authorization: `Bearer ${tokens[i % USERS]}` },
      })
      const back = Buffer.from(await res.arrayBuffer())
      if (res.status === 200 && back.equals(bytes)) verified++
    }
    const ok = statuses.filter((s) => s === 201).length
    const mb = (UPLOADS * SIZE) / 1024 / 1024
    const lines = [
      `- machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at the end`,
      `- ${UPLOADS} uploads of ${(SIZE / 1024 / 1024).toFixed(1)} MiB at once (${USERS} users, PNG header + random bytes), SQLite, one server process (uploads are read 8 at a time, the rest wait)`,
      `- ${ok} of ${UPLOADS} answered 201 in ${(wallMs / 1000).toFixed(1)} s: ${(mb / (wallMs / 1000)).toFixed(1)} MiB/s; one upload p50 ${percentile(times, 50).toFixed(0)} ms, p99 ${percentile(times, 99).toFixed(0)} ms`,
      `- server RSS: ${rssBefore.toFixed(0)} MiB before, peak ${rssPeak.toFixed(0)} MiB while uploading, ${rssAfter.toFixed(0)} MiB 2 s after`,
      `- sync edit loop meanwhile (an edit every 50 ms, writer → reader): ${latencies.length} edits, p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.length ? Math.max(...latencies) : NaN} ms`,
      `- check: ${verified} of ${UPLOADS} read back with the same sha256`,
    ]
    for (const l of lines) console.log(l)
    writeResultsSection('attachments', lines)
  } finally {
    await stopChild(proc)
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
process.exit(0)
