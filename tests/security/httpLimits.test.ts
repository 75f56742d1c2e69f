/**
 * @module tests/security/httpLimits
 * docs/RELIABILITY.md §3 on the real server, the HTTP side of "unbounded volume":
 * - a chunked JSON body (no length) to /api/login is answered 413 as soon as it passes
 *   1 MiB, not after the server read all of it;
 * - the heavy GET routes (exports, consolidation, history, rows?at=) are rate-limited per
 *   user (TAIZHANG_HEAVY_REQUESTS_PER_MINUTE): 429 with Retry-After and a Chinese message,
 *   other users unaffected, plain `rows` not counted;
 * - an import past the per-sheet row cap (TAIZHANG_MAX_ROWS_PER_SHEET) is refused (413)
 *   with a Chinese message and changes nothing, its preview too;
 * - a cell's history is served without stalling the server: GET /api/me keeps answering
 *   while a 10,000-update log is replayed, and the next call is answered from the record.
 */
import { request } from 'node:http'
import { insertRow, setCell } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { appendManyToStoredLog } from '../helpers/storedDoc'

const HEAVY_PER_MINUTE = 5
const ROW_CAP = 30

let server: TestServer
let fx: Fixture

beforeAll(async () => {
  server = await startTestServer({
    env: {
      TAIZHANG_HEAVY_REQUESTS_PER_MINUTE: String(HEAVY_PER_MINUTE),
      TAIZHANG_MAX_ROWS_PER_SHEET: String(ROW_CAP),
    },
  })
  fx = await seedFixture(server)
})
afterAll(async () => {
  await server?.stop()
})

const HEADER = '组织名称,统一社会信用代码,组织类别,从业人员数,正式党员数,组建方式,微信群\r\n'
const csv = (rows: number) =>
  Buffer.from(
    '\uFEFF' +
      HEADER +
      Array.from({ length: rows }, (_, i) => `测试公司${i},,非公企业,10,0,未建立,`).join('\r\n') +
      '\r\n',
  )

async function upload(sheet: string, token: string, bytes: Buffer, preview = false) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)]), '台账.csv')
  if (preview) form.append('preview', '1')
  const res = await fetch(`${server.url}/api/sheets/${sheet}/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  })
  return { status: res.status, body: (await res.json()) as any }
}

describe('request bodies', () => {
  it('answers a chunked 40 MiB login body with 413 before it has all been sent', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61)
    const total = 40 * 1024 * 1024
    const result = await new Promise<{ status: number; sent: number; ended: boolean }>(
      (resolve, reject) => {
        let sent = 0
        let ended = false
        let answered = false
        const req = request(`${server.url}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        })
        req.on('response', (res) => {
          answered = true
          res.resume()
          resolve({ status: res.statusCode ?? 0, sent, ended })
          req.destroy()
        })
        req.on('error', (e: NodeJS.ErrnoException) => {
          if (answered) return
          // the server answered and closed while we were still sending: it stopped reading
          // (the 413 may be lost in the reset; main read all 40 MiB, so this never came early)
          if (e.code === 'EPIPE' || e.code === 'ECONNRESET') {
            answered = true
            resolve({ status: 0, sent, ended })
          } else reject(e)
        })
        req.write('{"username":"')
        const pump = () => {
          while (!answered && sent < total) {
            sent += chunk.length
            if (!req.write(chunk)) return void req.once('drain', pump)
          }
          if (!answered && !ended) {
            ended = true
            req.end('"}')
          }
        }
        pump()
      },
    )
    // 413, or 0: reset while we were still sending, before the answer was read
    expect([413, 0]).toContain(result.status)
    expect(result.ended).toBe(false)
    expect(result.sent).toBeLessThan(total)
    // the server is fine and login works
    expect(await server.login('admin', server.adminPassword)).toBeTruthy()
  })
})

describe('heavy GET routes', () => {
  it(`allows ${HEAVY_PER_MINUTE} heavy requests per user, then 429`, async () => {
    const token = fx.tokens.consolidator
    const sheet = fx.sheets.sheetA1
    const paths = [
      `/api/sheets/${sheet}/export?format=csv`,
      `/api/sheets/${sheet}/export?format=xlsx`,
      `/api/sheets/${sheet}/rows?at=${new Date().toISOString()}`,
      `/api/sheets/${sheet}/history?row=x&column=name`,
      `/api/units/${fx.units.townA}/consolidation`,
    ]
    for (const path of paths) {
      const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } })
      expect(res.status, path).toBe(200)
      await res.arrayBuffer()
    }
    // plain rows are not heavy
    for (let i = 0; i < 3; i++) {
      expect((await server.api('GET', `/api/sheets/${sheet}/rows`, token)).status).toBe(200)
    }
    const refused = await server.api('GET', `/api/sheets/${sheet}/export?format=csv`, token)
    expect(refused.status).toBe(429)
    expect(refused.body.error.code).toBe('rate-limited')
    expect(refused.body.error.message).toMatch(/过于频繁/)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    const consolidation = await server.api(
      'GET',
      `/api/units/${fx.units.townA}/consolidation/export?format=xlsx`,
      token,
    )
    expect(consolidation.status).toBe(429)
    // another user is not slowed down by this one
    const other = await fetch(`${server.url}/api/sheets/${sheet}/export?format=csv`, {
      headers: { authorization: `Bearer ${fx.tokens.lead}` },
    })
    expect(other.status).toBe(200)
  })
})

describe('row cap on imports', () => {
  it(`refuses an import that would take the sheet past ${ROW_CAP} rows, preview too`, async () => {
    const sheet = fx.sheets.sheetA2
    const token = fx.tokens.boss
    // the file alone is past the cap: refused while it is read
    const over = await upload(sheet, token, csv(ROW_CAP + 20))
    expect(over.status).toBe(413)
    expect(over.body.error.code).toBe('too-many-rows')
    expect(over.body.error.message).toContain(`上限（${ROW_CAP} 行）`)
    expect((await upload(sheet, token, csv(ROW_CAP + 20), true)).status).toBe(413)
    const fits = await upload(sheet, token, csv(ROW_CAP - 10))
    expect(fits.status).toBe(200)
    expect(fits.body.imported).toBe(ROW_CAP - 10)
    // 20 in the sheet + 15 more is past the cap, although the file alone is not
    const more = await upload(
      sheet,
      token,
      Buffer.from(csv(15).toString().replaceAll('测试', '另一')),
    )
    expect(more.status).toBe(413)
    expect(more.body.error.message).toMatch(/超过每表上限 30 行/)
    const rows = await server.api('GET', `/api/sheets/${sheet}/rows`, token)
    expect(rows.body.rows).toHaveLength(ROW_CAP - 10)
  })
})

describe('history of a long log', () => {
  it('keeps answering while the log is replayed, then answers from the record', async () => {
    const sheet = fx.sheets.sheetB1
    const doc = new Y.Doc()
    const updates: { update: Uint8Array; userId: string | null }[] = []
    const capture = (update: Uint8Array) => updates.push({ update, userId: fx.users.boss })
    doc.on('update', capture)
    const rowId = insertRow(doc, { name: '起点' })
    for (let i = 0; i < 10_000; i++) setCell(doc, rowId, 'employees', i)
    doc.off('update', capture)
    await server.kill()
    await appendManyToStoredLog(server, sheet, updates)
    await server.restart()
    const token = await server.login('admin', server.adminPassword)

    const path = `/api/sheets/${sheet}/history?row=${rowId}&column=employees`
    let done = false
    const started = Date.now()
    const history = server.api('GET', path, token).then((res) => {
      done = true
      return { res, ms: Date.now() - started }
    })
    let slowest = 0
    let answered = 0
    while (!done) {
      const t = Date.now()
      expect((await server.api('GET', '/api/me', token)).status).toBe(200)
      slowest = Math.max(slowest, Date.now() - t)
      answered++
    }
    const first = await history
    expect(first.res.status).toBe(200)
    expect(first.res.body.history).toHaveLength(10_000)
    expect(answered).toBeGreaterThan(1)
    expect(slowest).toBeLessThan(Math.max(300, first.ms / 3))
    const t = Date.now()
    const again = await server.api(
      'GET',
      `/api/sheets/${sheet}/history?row=${rowId}&column=name`,
      token,
    )
    expect(again.status).toBe(200)
    expect(again.body.history).toHaveLength(1)
    expect(Date.now() - t).toBeLessThan(Math.max(200, first.ms / 3))
  }, 120_000)
})
