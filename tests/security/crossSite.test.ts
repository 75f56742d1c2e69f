/**
 * @module tests/security/crossSite
 * Cross-site requests and sockets (docs/RELIABILITY.md §4, cross-site) against the real server. The session
 * cookie must not let another site act in the user's name: a `text/plain` POST carrying
 * only the cookie (what a form on evil.example sends, no CORS preflight) changes nothing,
 * and a WebSocket carrying only the cookie (browsers send it from any Origin) is refused
 * with 4401. The cookie is `Secure` behind the documented TLS proxy. The web app's socket
 * uses a single-use sync ticket (`POST /api/sync-ticket`), not its session token; `?token=`
 * with a session token keeps working for scripts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  seedFixture,
  startTestServer,
  USER_PASSWORD,
  type Fixture,
  type TestServer,
} from '../helpers/server'

let server: TestServer
let proxied: TestServer
let fx: Fixture

beforeAll(async () => {
  ;[server, proxied] = await Promise.all([
    startTestServer(),
    startTestServer({ env: { TAIZHANG_TRUST_PROXY: '1' } }),
  ])
  fx = await seedFixture(server)
})
afterAll(async () => {
  await Promise.all([server?.stop(), proxied?.stop()])
})

const EVIL = 'http://evil.example'

/** Log in and return the token and the cookie the answer set. */
async function loginWithCookie(target: TestServer, headers: Record<string, string> = {}) {
  const res = await fetch(`${target.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username: 'admin', password: target.adminPassword }),
  })
  expect(res.status).toBe(200)
  const { token } = (await res.json()) as { token: string }
  return { token, setCookie: res.headers.get('set-cookie') ?? '' }
}

/** Open a raw socket: 'open' once the server talks to it, else the close code it got. */
function trySocket(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ result: 'open' } | { result: 'closed'; code: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.wsUrl}${path}`, { headers })
    const timer = setTimeout(() => reject(new Error('socket neither talked nor closed')), 10_000)
    ws.once('message', () => {
      clearTimeout(timer)
      resolve({ result: 'open' })
      ws.close()
    })
    ws.once('close', (code) => {
      clearTimeout(timer)
      resolve({ result: 'closed', code })
    })
    ws.once('error', () => {})
  })
}

const ticketFor = async (token: string) => {
  const res = await server.api('POST', '/api/sync-ticket', token)
  expect(res.status).toBe(200)
  expect(res.headers.get('cache-control')).toContain('no-store')
  return res.body.ticket as string
}

describe('the session cookie does not authenticate cross-site writes', () => {
  it('a text/plain POST with only the cookie from another Origin creates nothing', async () => {
    const cookie = `taizhang_session=${fx.tokens.admin}`
    const before = (await server.api('GET', '/api/units', fx.tokens.admin)).body.units.length
    const res = await fetch(`${server.url}/api/units`, {
      method: 'POST',
      headers: { cookie, origin: EVIL, 'content-type': 'text/plain' },
      body: JSON.stringify({ name: '伪造单位', parentId: fx.units.district, level: 'township' }),
    })
    expect(res.status).toBe(401)
    const after = (await server.api('GET', '/api/units', fx.tokens.admin)).body.units
    expect(after.length).toBe(before)
    expect(JSON.stringify(after)).not.toContain('伪造单位')
  })

  it('no state-changing route takes the cookie, even same-origin JSON (the bearer header does)', async () => {
    const cookie = `taizhang_session=${fx.tokens.lead}`
    const attempts: [string, string, unknown][] = [
      ['POST', `/api/sheets/${fx.sheets.sheetA1}/submit`, {}],
      ['POST', '/api/sheets', { unitId: fx.units.gridA1, template: 'ledger', title: '伪造' }],
      ['POST', '/api/logout', {}],
      ['POST', '/api/sync-ticket', {}],
    ]
    for (const [method, path, body] of attempts) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie, origin: server.url, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect(res.status, `${method} ${path}`).toBe(401)
    }
    // the session is still alive (logout above did nothing) and reads by cookie still work
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie } })
    expect(me.status).toBe(200)
    expect(
      (await server.api('GET', `/api/sheets/${fx.sheets.sheetA1}`, fx.tokens.lead)).body.status,
    ).toBe('draft')
  })
})

describe('the sync socket', () => {
  it('refuses a socket that carries only the cookie, from any Origin (4401)', async () => {
    const cookie = `taizhang_session=${fx.tokens.lead}`
    for (const origin of [EVIL, server.url]) {
      const got = await trySocket(`/sync/${fx.sheets.sheetA1}`, { cookie, origin })
      expect(got, origin).toEqual({ result: 'closed', code: 4401 })
    }
  })

  it('opens with a sync ticket exactly once', async () => {
    const ticket = await ticketFor(fx.tokens.lead)
    expect(ticket).not.toBe(fx.tokens.lead)
    expect(await trySocket(`/sync/${fx.sheets.sheetA1}?ticket=${ticket}`)).toEqual({
      result: 'open',
    })
    expect(await trySocket(`/sync/${fx.sheets.sheetA1}?ticket=${ticket}`)).toEqual({
      result: 'closed',
      code: 4401,
    })
  })

  it('a ticket is no session token, and a session token is no ticket', async () => {
    const ticket = await ticketFor(fx.tokens.lead)
    expect((await server.api('GET', '/api/me', ticket)).status).toBe(401)
    expect(await trySocket(`/sync/${fx.sheets.sheetA1}?token=${ticket}`)).toEqual({
      result: 'closed',
      code: 4401,
    })
    expect(await trySocket(`/sync/${fx.sheets.sheetA1}?ticket=${fx.tokens.lead}`)).toEqual({
      result: 'closed',
      code: 4401,
    })
  })

  it('a ticket still follows the permission rules of its user', async () => {
    const ticket = await ticketFor(fx.tokens.lead)
    // the lead of town A may not read town B's grid sheet
    expect(await trySocket(`/sync/${fx.sheets.sheetB1}?ticket=${ticket}`)).toEqual({
      result: 'closed',
      code: 4403,
    })
  })

  it('a ticket of a session that logged out is void', async () => {
    const token = await server.login('filler', USER_PASSWORD)
    const ticket = await ticketFor(token)
    expect((await server.api('POST', '/api/logout', token)).status).toBe(200)
    expect(await trySocket(`/sync/${fx.sheets.sheetA1}?ticket=${ticket}`)).toEqual({
      result: 'closed',
      code: 4401,
    })
  })

  it('?token= with a session token keeps working (scripts)', async () => {
    expect(await trySocket(`/sync/${fx.sheets.sheetA1}?token=${fx.tokens.lead}`)).toEqual({
      result: 'open',
    })
  })
})

describe('the cookie is Secure behind the TLS proxy', () => {
  it('not on a plain local server', async () => {
    const { setCookie } = await loginWithCookie(server)
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).not.toMatch(/;\s*Secure/i)
  })

  it('with TAIZHANG_TRUST_PROXY=1: Secure (unless the proxy says the request was http)', async () => {
    const viaTls = await loginWithCookie(proxied, { 'x-forwarded-proto': 'https' })
    expect(viaTls.setCookie).toMatch(/;\s*Secure/i)
    expect(viaTls.setCookie).toMatch(/SameSite=Lax/i)
    const noHeader = await loginWithCookie(proxied)
    expect(noHeader.setCookie).toMatch(/;\s*Secure/i)
    const plain = await loginWithCookie(proxied, { 'x-forwarded-proto': 'http' })
    expect(plain.setCookie).not.toMatch(/;\s*Secure/i)
  })
})
