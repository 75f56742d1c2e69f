/**
 * @module tests/security/sessionExpiry
 * Session expiry in real time (docs/RELIABILITY.md §4): with a session lifetime of a few seconds
 * (TAIZHANG_SESSION_TTL_HOURS may be fractional), a token works until it expires and then
 * the API answers 401, the socket that is open is closed with 4401 at that moment, and a
 * sync (re)connect is refused with 4401 — so the old token cannot come back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  seedFixture,
  startTestServer,
  USER_PASSWORD,
  type Fixture,
  type TestServer,
} from '../helpers/server'
import { connectSheet, waitFor, type SheetClient } from '../helpers/wsClient'

const TTL_SECONDS = 8
let server: TestServer
let fx: Fixture
const clients: SheetClient[] = []

beforeAll(async () => {
  server = await startTestServer({
    env: { TAIZHANG_SESSION_TTL_HOURS: String(TTL_SECONDS / 3600) },
  })
  fx = await seedFixture(server)
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server?.stop()
})

describe('session expiry', () => {
  it('a token stops working when its session expires: 401 on the API, open socket closed, 4401 on sync', async () => {
    const token = await server.login('filler', USER_PASSWORD)
    const issued = Date.now()
    expect((await server.api('GET', '/api/me', token)).status).toBe(200)
    const live = connectSheet(server.wsUrl, fx.sheets.sheetA1, token)
    clients.push(live)
    await live.synced

    await waitFor(async () => (await server.api('GET', '/api/me', token)).status === 401, {
      what: 'the session to expire',
      timeoutMs: (TTL_SECONDS + 5) * 1000,
      intervalMs: 250,
    })
    expect(Date.now() - issued).toBeGreaterThanOrEqual(TTL_SECONDS * 1000 - 500)
    // the socket that was open when the session ended was closed by the server
    expect((await live.closed).code).toBe(4401)
    const rows = await server.api('GET', `/api/sheets/${fx.sheets.sheetA1}/rows`, token)
    expect(rows.status).toBe(401)
    expect(rows.body.error.message).toMatch(/登录/)

    const again = connectSheet(server.wsUrl, fx.sheets.sheetA1, token)
    clients.push(again)
    expect((await again.closed).code).toBe(4401)
    // logging in again gives a fresh session that works
    const fresh = await server.login('filler', USER_PASSWORD)
    expect((await server.api('GET', '/api/me', fresh)).status).toBe(200)
  }, 30_000)
})
