/**
 * @module tests/security/sessions
 * Sessions against the real server (docs/RELIABILITY.md §4): password guessing is throttled per
 * username and per address (429 + Retry-After, even for the right password while locked);
 * logging out ends the token and closes that user's live sync connections at once (and
 * nobody else's); revoking a role closes the user's live connections too, and the
 * reconnect is checked against the new roles.
 */
import { insertRow } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  seedFixture,
  startTestServer,
  USER_PASSWORD,
  type Fixture,
  type TestServer,
} from '../helpers/server'
import { connectSheet, waitFor, type SheetClient } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture
const clients: SheetClient[] = []

beforeAll(async () => {
  server = await startTestServer({
    env: { TAIZHANG_LOGIN_MAX_FAILURES: '3', TAIZHANG_LOGIN_WINDOW_SECONDS: '600' },
  })
  fx = await seedFixture(server)
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server?.stop()
})

const open = (sheet: string, token: string) => {
  const c = connectSheet(server.wsUrl, sheet, token)
  clients.push(c)
  return c
}

const login = (username: string, password: string) =>
  server.api('POST', '/api/login', undefined, { username, password })

describe('login throttling', () => {
  it('locks a username after repeated failures, also for the right password, with Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await login('reviewer', 'guess' + i)).status).toBe(401)
    const locked = await login('reviewer', USER_PASSWORD)
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(locked.body.error.message).toMatch(/次数过多/)
    // another user is not locked by it
    expect((await login('lead', USER_PASSWORD)).status).toBe(200)
  })

  it('locks an address that tries many usernames', async () => {
    let status = 0
    for (let i = 0; i < 20 && status !== 429; i++) {
      status = (await login(`nobody${i}`, 'guess')).status
    }
    expect(status).toBe(429)
    // an unknown and a known username look the same to a guesser
    const unknown = await login('nobody-else', 'guess')
    expect(unknown.status).toBe(429)
  })
})

describe('ending access closes live sync connections', () => {
  it('logout revokes the token and closes only that user’s sockets (4401)', async () => {
    // sessions made before the address lock of the previous test
    const mine = fx.tokens.filler
    const a = open(fx.sheets.sheetA1, mine)
    const b = open(fx.sheets.sheetA1, fx.tokens.filler)
    const other = open(fx.sheets.sheetA1, fx.tokens.lead)
    await Promise.all([a.synced, b.synced, other.synced])
    expect((await server.api('POST', '/api/logout', mine)).status).toBeLessThan(300)
    const [ca, cb] = await Promise.all([a.closed, b.closed])
    expect(ca.code).toBe(4401)
    expect(cb.code).toBe(4401)
    expect((await server.api('GET', '/api/me', mine)).status).toBe(401)
    // a reconnect with the old token is refused
    const again = open(fx.sheets.sheetA1, mine)
    expect((await again.closed).code).toBe(4401)
    // the other user is still connected and still syncing
    expect(other.provider.wsconnected).toBe(true)
    insertRow(other.doc, { name: '退出之后别人照常' })
    await waitFor(
      async () =>
        (
          await server.api('GET', `/api/sheets/${fx.sheets.sheetA1}/rows`, fx.tokens.admin)
        ).body.rows.some((r: { name: string }) => r.name === '退出之后别人照常'),
      { what: 'other user still writes' },
    )
  })

  it('revoking a role closes the user’s sockets and the reconnect is refused', async () => {
    const lead = fx.tokens.lead
    const live = open(fx.sheets.sheetA1, lead)
    await live.synced
    const revoke = await server.api(
      'POST',
      `/api/users/${fx.users.lead}/grants/revoke`,
      fx.tokens.admin,
      { grants: [{ unitId: fx.units.gridA1, role: 'lead' }] },
    )
    expect(revoke.status).toBe(200)
    const closed = await live.closed
    expect([4401, 4403]).toContain(closed.code)
    const again = open(fx.sheets.sheetA1, lead)
    expect((await again.closed).code).toBe(4403)
    expect((await server.api('GET', `/api/sheets/${fx.sheets.sheetA1}/rows`, lead)).status).toBe(
      403,
    )
  })
})
