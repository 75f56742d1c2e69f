/**
 * @module tests/chaos/killAndProxy
 * "Nothing typed is ever lost" under faults (SPEC §4, docs/RELIABILITY.md §1). Several stock y-websocket
 * providers edit one sheet continuously through `ChaosProxy` (cuts, black holes, stalls,
 * refused connections) while the real server process is `kill -9`ed and restarted at random
 * moments. Every client logs exactly what it wrote (its own row ids, the last value of every
 * cell it set), so the end check is exact: the server's rows, every client's doc and a
 * late-joiner's doc are identical and equal to the union of all logs — nothing missing,
 * nothing doubled.
 *
 * Short form in `npm test`; `TAIZHANG_CHAOS=long` (npm run test:chaos) runs more clients,
 * more kill cycles and a longer storm. The seed is printed so a failure can be replayed with
 * TAIZHANG_CHAOS_SEED.
 */
import { insertRow, readRows, updateRow, type CellValue, type Row } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { connectSheet, waitFor, type SheetClient } from '../helpers/wsClient'
import { ChaosProxy, prng } from './chaosProxy'

const LONG = process.env.TAIZHANG_CHAOS === 'long'
const SEED = Number(process.env.TAIZHANG_CHAOS_SEED ?? Date.now() % 1_000_000)
const CLIENTS = LONG ? 8 : 5
const KILL_CYCLES = LONG ? 20 : 5
/** Time the server runs between kills (ms): random in [min, min + span). */
const UP_MIN = LONG ? 2000 : 700
const UP_SPAN = LONG ? 4000 : 700

let server: TestServer
let fx: Fixture
let proxy: ChaosProxy
const clients: SheetClient[] = []

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
  proxy = new ChaosProxy({
    target: () => ({ host: '127.0.0.1', port: server.port }),
    seed: SEED,
  })
})

afterAll(async () => {
  for (const c of clients) c.destroy()
  await proxy?.close()
  await server?.stop()
})

/** What one client wrote: its rows and the last value it gave every cell. */
type Log = Map<string, Record<string, CellValue>>

/** Edit continuously: new rows (ids unique to this client) and changes to its own rows. */
function editor(index: number, client: SheetClient, log: Log, random: () => number) {
  let stop = false
  let n = 0
  const done = (async () => {
    while (!stop) {
      const own = [...log.keys()]
      if (own.length === 0 || random() < 0.6) {
        const id = `c${index}-r${n}`
        const values = { name: `客户端${index}第${n}行`, employees: n }
        insertRow(client.doc, values, { id })
        log.set(id, { ...values })
      } else {
        const id = own[Math.floor(random() * own.length)]!
        const change: Record<string, CellValue> =
          random() < 0.5 ? { note: `改${index}-${n}` } : { employees: n * 10 }
        updateRow(client.doc, id, change)
        Object.assign(log.get(id)!, change)
      }
      n++
      await new Promise((r) => setTimeout(r, 5 + Math.floor(random() * 25)))
    }
  })()
  return {
    stop: async () => {
      stop = true
      await done
    },
  }
}

const byId = (rows: Row[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1))

describe('chaos: kill -9 and a hostile network while five clients type', () => {
  it(
    'ends with every edit of every client, once, identical everywhere',
    async () => {
      console.log(`[chaos] seed ${SEED} (replay with TAIZHANG_CHAOS_SEED=${SEED})`)
      const sheet = fx.sheets.sheetA1
      const proxyUrl = `ws://127.0.0.1:${await proxy.port()}`
      const writers = ['filler', 'lead', 'consolidator', 'boss', 'admin', 'unitAdmin'] as const
      const logs: Log[] = []
      for (let i = 0; i < CLIENTS; i++) {
        const who = writers[i % writers.length]!
        clients.push(connectSheet(proxyUrl, sheet, fx.tokens[who]))
        logs.push(new Map())
      }
      await waitFor(() => clients.every((c) => c.provider.synced), {
        what: 'first sync through the proxy',
        timeoutMs: 15_000,
      })
      const random = prng(SEED + 1)
      const editors = clients.map((c, i) => editor(i, c, logs[i]!, prng(SEED + 100 + i)))

      let kills = 0
      for (let cycle = 0; cycle < KILL_CYCLES; cycle++) {
        await new Promise((r) => setTimeout(r, UP_MIN + random() * UP_SPAN))
        await server.kill('SIGKILL')
        kills++
        await new Promise((r) => setTimeout(r, random() * 600))
        await server.restart()
      }
      // a last stretch of editing on a live server, then calm: no new faults
      await new Promise((r) => setTimeout(r, 800))
      for (const e of editors) await e.stop()
      proxy.chaos = false

      const expected = new Map<string, Record<string, CellValue>>()
      for (const log of logs) for (const [id, values] of log) expected.set(id, values)
      const matches = (rows: Row[]) =>
        rows.length === expected.size &&
        rows.every((r) => {
          const want = expected.get(r.id)
          return want !== undefined && Object.entries(want).every(([k, v]) => r[k] === v)
        })

      let serverRows: Row[] = []
      await waitFor(
        async () => {
          const res = await server.api('GET', `/api/sheets/${sheet}/rows`, fx.tokens.admin)
          serverRows = res.status === 200 ? res.body.rows : []
          return matches(serverRows)
        },
        { what: 'the server holding every logged edit', timeoutMs: 40_000, intervalMs: 250 },
      )
      // nothing doubled: every id once, every name once
      expect(new Set(serverRows.map((r) => r.id)).size).toBe(serverRows.length)
      expect(new Set(serverRows.map((r) => r.name)).size).toBe(serverRows.length)

      await waitFor(() => clients.every((c) => matches(readRows(c.doc))), {
        what: 'every client converged',
        timeoutMs: 20_000,
      })
      for (const c of clients) expect(byId(readRows(c.doc))).toEqual(byId(serverRows))
      for (const c of clients) expect(c.denied).toEqual([])

      // a late joiner straight to the server gets the same state from disk + memory
      const late = connectSheet(server.wsUrl, sheet, fx.tokens.reviewer)
      clients.push(late)
      await late.synced
      expect(byId(readRows(late.doc))).toEqual(byId(serverRows))
      // and what the server stores survives one more kill
      await server.kill('SIGKILL')
      await server.restart()
      const afterKill = await server.api('GET', `/api/sheets/${sheet}/rows`, fx.tokens.admin)
      expect(byId(afterKill.body.rows)).toEqual(byId(serverRows))

      console.log(
        `[chaos] ${CLIENTS} clients, ${expected.size} rows, ${kills + 1} kill -9, proxy ${JSON.stringify(proxy.stats)}`,
      )
      expect(kills).toBeGreaterThanOrEqual(5)
      expect(proxy.stats.cuts + proxy.stats.drops + proxy.stats.stalls).toBeGreaterThan(0)
    },
    LONG ? 600_000 : 90_000,
  )
})
