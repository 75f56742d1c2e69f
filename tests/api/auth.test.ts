// Sign-in over HTTP against the real server process (SPEC §6.3): tokens and the HttpOnly
// cookie, wrong passwords, throttling per username and per address (429 + Retry-After),
// sessions that survive a restart, logout ending the session and its sync connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  seedFixture,
  startTestServer,
  USER_PASSWORD,
  type Fixture,
  type TestServer,
} from '../helpers/server'
import { connectSheet } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture

beforeAll(async () => {
  server = await startTestServer({ env: { TAIZHANG_LOGIN_MAX_FAILURES: '3' } })
  fx = await seedFixture(server)
})
afterAll(() => server?.stop())

describe('login', () => {
  it('returns a token and the user, and sets an HttpOnly session cookie', async () => {
    const res = await server.api('POST', '/api/login', undefined, {
      username: 'lead',
      password: USER_PASSWORD,
    })
    expect(res.status).toBe(200)
    expect(res.body.token).toMatch(/^[\w-]{40,}$/)
    expect(res.body.user).toMatchObject({ username: 'lead', displayName: '组长老李' })
    expect(res.body.user.grants).toEqual([{ unitId: fx.units.gridA1, role: 'lead' }])
    expect(JSON.stringify(res.body)).not.toContain('scrypt')
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toContain(`taizhang_session=${res.body.token}`)
    expect(cookie).toMatch(/HttpOnly/i)

    const me = await fetch(`${server.url}/api/me`, {
      headers: { cookie: `taizhang_session=${res.body.token}` },
    })
    expect(me.status).toBe(200)
    expect((await me.json()).user.username).toBe('lead')
  })

  it('refuses a wrong password and an unknown user alike, with a Chinese message', async () => {
    for (const username of ['filler', 'nobody']) {
      const res = await server.api('POST', '/api/login', undefined, {
        username,
        password: 'wrong-pw',
      })
      expect(res.status).toBe(401)
      expect(res.body.error).toEqual({ code: 'invalid-credentials', message: '用户名或密码错误' })
    }
  })

  it('answers 401 JSON without a token or with a made-up one', async () => {
    expect((await server.api('GET', '/api/me')).body.error.code).toBe('unauthenticated')
    const res = await server.api('GET', '/api/units', 'not-a-real-token')
    expect(res.status).toBe(401)
    expect(res.body.error.message).toMatch(/登录/)
  })

  it('throttles a username after repeated failures: 429 with Retry-After, even for the right password', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await server.api('POST', '/api/login', undefined, {
        username: 'reviewer',
        password: 'guess' + i,
      })
      expect(res.status).toBe(401)
    }
    const res = await server.api('POST', '/api/login', undefined, {
      username: 'reviewer',
      password: USER_PASSWORD,
    })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(res.body.error.code).toBe('too-many-attempts')
    // other users are not affected by one username's lock
    expect(
      (
        await server.api('POST', '/api/login', undefined, {
          username: 'lead',
          password: USER_PASSWORD,
        })
      ).status,
    ).toBe(200)
  })

  it('throttles an address that tries many usernames', async () => {
    // the per-address limit is 4 × the per-username one; the previous test used 3 + 2
    let last = 0
    for (let i = 0; i < 12 && last !== 429; i++) {
      last = (
        await server.api('POST', '/api/login', undefined, { username: `ghost${i}`, password: 'x' })
      ).status
    }
    expect(last).toBe(429)
    const res = await server.api('POST', '/api/login', undefined, {
      username: 'ghost-new',
      password: 'x',
    })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
  })
})

describe('sessions', () => {
  it('a token stays valid across a restart, and logout ends it and its sync connections', async () => {
    const token = fx.tokens.consolidator
    await server.restart()
    const me = await server.api('GET', '/api/me', token)
    expect(me.status).toBe(200)
    expect(me.body.user.username).toBe('consolidator')

    const client = connectSheet(server.wsUrl, fx.sheets.sheetA1, token)
    await client.synced
    const out = await server.api('POST', '/api/logout', token)
    expect(out.status).toBe(200)
    expect((await client.closed).code).toBe(4401)
    client.destroy()
    expect((await server.api('GET', '/api/me', token)).status).toBe(401)
  })
})
