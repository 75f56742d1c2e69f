// The assembled app without a port (Hono `app.request`), on a real in-memory database and
// the real rooms: the built web app is served with the single-page fallback for
// /sheets/:id and /units/:id/summary, while /api stays JSON (401, 404) and the first
// admin can sign in.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from './config'
import { assembleServer, type AssembledServer } from './main'

const clientDir = mkdtempSync(join(tmpdir(), 'taizhang-client-'))
let server: AssembledServer

beforeAll(async () => {
  mkdirSync(join(clientDir, 'assets'))
  writeFileSync(
    join(clientDir, 'index.html'),
    '<!doctype html><title>台账</title><div id="root"></div>',
  )
  writeFileSync(join(clientDir, 'assets', 'app.js'), 'console.log("台账")')
  const config = loadConfig(['--data', ':memory:', '--client-dir', clientDir], {
    TAIZHANG_ADMIN_PASSWORD: 'admin-password',
  })
  server = await assembleServer(config, { log: () => {} })
})
afterAll(async () => {
  await server?.shutdown()
  rmSync(clientDir, { recursive: true, force: true })
})

describe('app', () => {
  it('serves the built web app and its client-side routes', async () => {
    for (const path of ['/', '/sheets/abc123', '/units/u1/summary']) {
      const res = await server.app.request(path)
      expect(res.status, path).toBe(200)
      expect(await res.text()).toContain('<div id="root">')
    }
    const asset = await server.app.request('/assets/app.js')
    expect(asset.headers.get('content-type')).toMatch(/javascript/)
    expect(asset.headers.get('cache-control')).toMatch(/immutable/)
    expect((await server.app.request('/sheets/x')).headers.get('cache-control')).toBe('no-cache')
    expect(await asset.text()).toContain('台账')
  })

  it('keeps /api JSON: 401 without a session, 404 for an unknown route', async () => {
    const me = await server.app.request('/api/me')
    expect(me.status).toBe(401)
    expect(await me.json()).toEqual({ error: { code: 'unauthenticated', message: '请先登录' } })
    const unknown = await server.app.request('/api/sheets/x/y/z')
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as any).error.code).toBe('not-found')
  })

  it('the first admin signs in with TAIZHANG_ADMIN_PASSWORD', async () => {
    const res = await server.app.request('/api/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'admin', password: 'admin-password' }),
    })
    expect(res.status).toBe(200)
    const { token, user } = (await res.json()) as any
    expect(user).toMatchObject({ username: 'admin', isAdmin: true })
    const me = await server.app.request('/api/me', {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(((await me.json()) as any).user.username).toBe('admin')
  })

  it('behind a trusted proxy, throttles by the address the proxy appended to X-Forwarded-For', async () => {
    const config = loadConfig(['--data', ':memory:'], {
      TAIZHANG_ADMIN_PASSWORD: 'admin-password',
      TAIZHANG_TRUST_PROXY: '1',
      TAIZHANG_LOGIN_MAX_FAILURES: '1',
    })
    const proxied = await assembleServer(config, { log: () => {} })
    let spoofed = 0
    // the client writes whatever it likes on the left; the proxy appends what it saw
    const login = (username: string, from: string) =>
      proxied.app.request('/api/login', {
        method: 'POST',
        headers: { 'x-forwarded-for': `192.0.2.${++spoofed}, ${from}` },
        body: JSON.stringify({ username, password: 'wrong-password' }),
      })
    try {
      // the per-address limit is 4 × 1: four different usernames from one address
      for (const name of ['a', 'b', 'c', 'd'])
        expect((await login(name, '203.0.113.7')).status).toBe(401)
      expect((await login('e', '203.0.113.7')).status).toBe(429)
      expect((await login('f', '198.51.100.2')).status).toBe(401)
    } finally {
      await proxied.shutdown()
    }
  })
})
