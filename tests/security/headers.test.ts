/**
 * @module tests/security/headers
 * CSP and the other security headers on every kind of response of the real server (docs/RELIABILITY.md
 * §4): the web app shell, its static assets, API answers, API errors and unknown paths. The
 * policy lets the app's own scripts, styles, service worker and sync socket work and
 * nothing else: no inline or foreign script, no framing, no plugins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/server'

let server: TestServer
let token: string

beforeAll(async () => {
  server = await startTestServer()
  token = await server.login('admin', server.adminPassword)
})
afterAll(async () => {
  await server?.stop()
})

/** CSP directive → its sources. */
function csp(headers: Headers): Map<string, string[]> {
  const value = headers.get('content-security-policy') ?? ''
  return new Map(
    value
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  )
}

function expectSecure(headers: Headers, what: string): void {
  const policy = csp(headers)
  expect(policy.get('default-src'), what).toEqual(["'self'"])
  expect(policy.get('script-src'), what).toEqual(["'self'"])
  expect(policy.get('connect-src'), what).toEqual(["'self'"])
  expect(policy.get('worker-src'), what).toEqual(["'self'"])
  expect(policy.get('img-src'), what).toEqual(["'self'", 'data:', 'blob:'])
  expect(policy.get('object-src'), what).toEqual(["'none'"])
  expect(policy.get('frame-ancestors'), what).toEqual(["'none'"])
  expect(policy.get('base-uri'), what).toEqual(["'self'"])
  expect(headers.get('x-content-type-options'), what).toBe('nosniff')
  expect(headers.get('x-frame-options'), what).toBe('DENY')
  expect(headers.get('referrer-policy'), what).toBe('same-origin')
  expect(headers.get('cross-origin-opener-policy'), what).toBe('same-origin')
  expect(headers.get('x-powered-by'), what).toBeNull()
}

describe('security headers', () => {
  it('are on API answers, API errors and unknown API paths', async () => {
    const cases: [string, string | undefined, number][] = [
      ['/api/me', token, 200],
      ['/api/me', undefined, 401],
      ['/api/sheets/no-such-sheet', token, 404],
      ['/api/no-such-route', token, 404],
    ]
    for (const [path, t, status] of cases) {
      const res = await server.api('GET', path, t)
      expect(res.status, path).toBe(status)
      expectSecure(res.headers, path)
    }
    const bad = await server.api('POST', '/api/login', undefined, '{not json')
    expect(bad.status).toBe(400)
    expectSecure(bad.headers, 'POST /api/login with bad JSON')
  })

  it('are on the web app shell, its client-side routes and its assets', async () => {
    for (const path of ['/', '/sheets/some-sheet', '/units/u/summary']) {
      const res = await fetch(server.url + path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type'), path).toMatch(/html/)
      expectSecure(res.headers, path)
      const html = await res.text()
      // the built app has no inline script the policy would have to allow
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
      const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1]
      expect(asset, 'the shell loads a bundled script').toBeTruthy()
      const js = await fetch(server.url + asset!)
      expect(js.status).toBe(200)
      expectSecure(js.headers, asset!)
    }
  })
})
