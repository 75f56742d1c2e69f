/**
 * @module tests/security/proxyThrottle
 * Login throttling behind the documented reverse proxy (`TAIZHANG_TRUST_PROXY=1`, nginx with
 * `X-Forwarded-For $proxy_add_x_forwarded_for`): the proxy appends the address it saw, so only
 * the right-most entry is trusted. A guesser who rotates the entries it writes itself (on the
 * left) still meets the per-address limit; X-Real-IP counts only without X-Forwarded-For.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/server'

let server: TestServer
beforeAll(async () => {
  // per username 3, per address 4 × 3 = 12 failures in the window
  server = await startTestServer({
    env: {
      TAIZHANG_TRUST_PROXY: '1',
      TAIZHANG_LOGIN_MAX_FAILURES: '3',
      TAIZHANG_LOGIN_WINDOW_SECONDS: '600',
    },
  })
})
afterAll(() => server?.stop())

const login = (username: string, headers: Record<string, string>) =>
  fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password: 'a-wrong-guess' }),
  }).then((res) => res.status)

describe('login throttling behind the trusted proxy', () => {
  it('counts the address the proxy appended, whatever the client put before it', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 30; i++) {
      // a new username each time (no per-username lock) and a new forged first entry
      statuses.push(
        await login(`guess-user-${i}`, { 'x-forwarded-for': `198.51.100.${i + 1}, 203.0.113.7` }),
      )
    }
    expect(statuses.slice(0, 12)).toEqual(Array(12).fill(401))
    expect(statuses.slice(12)).toEqual(Array(18).fill(429))
    // another client behind the same proxy is not locked out by it
    expect(await login('guess-user-other', { 'x-forwarded-for': '203.0.113.8' })).toBe(401)
  })

  it('uses X-Real-IP when the proxy sends no X-Forwarded-For, and never a forged one beside it', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 14; i++) {
      statuses.push(await login(`real-ip-user-${i}`, { 'x-real-ip': '203.0.113.20' }))
    }
    expect(statuses.slice(0, 12)).toEqual(Array(12).fill(401))
    expect(statuses.slice(12)).toEqual([429, 429])
    // with X-Forwarded-For present, a rotating X-Real-IP changes nothing
    const forged: number[] = []
    for (let i = 0; i < 14; i++) {
      forged.push(
        await login(`forged-real-ip-${i}`, {
          'x-forwarded-for': '203.0.113.30',
          'x-real-ip': `192.0.2.${i + 1}`,
        }),
      )
    }
    expect(forged.slice(12)).toEqual([429, 429])
  })
})
