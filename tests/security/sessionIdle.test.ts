/**
 * @module tests/security/sessionIdle
 * Idle timeout and "log out everywhere" against the real server (docs/RELIABILITY.md §4). With
 * an idle timeout of a few seconds (TAIZHANG_SESSION_IDLE_HOURS may be fractional): a token
 * in use keeps working past it, a token left alone for longer is refused (401, 4401); a
 * socket that keeps writing keeps its session alive, a socket that only sits there is
 * closed with 4401.
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

const IDLE_SECONDS = 3
let server: TestServer
let fx: Fixture
const clients: SheetClient[] = []

beforeAll(async () => {
  server = await startTestServer({
    env: { TAIZHANG_SESSION_IDLE_HOURS: String(IDLE_SECONDS / 3600) },
  })
  fx = await seedFixture(server)
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server?.stop()
})

const open = (token: string, sheet = fx.sheets.sheetA1) => {
  const c = connectSheet(server.wsUrl, sheet, token)
  clients.push(c)
  return c
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const me = async (token: string) => (await server.api('GET', '/api/me', token)).status

describe('idle timeout', () => {
  it('a token in use outlives the idle time; one left alone longer is refused', async () => {
    const busy = await server.login('filler', USER_PASSWORD)
    const idle = await server.login('filler', USER_PASSWORD)
    const started = Date.now()
    while (Date.now() - started < (IDLE_SECONDS + 3) * 1000) {
      expect(await me(busy)).toBe(200)
      await sleep(500)
    }
    expect(await me(busy)).toBe(200)
    expect(await me(idle)).toBe(401)
    const refused = open(idle)
    expect((await refused.closed).code).toBe(4401)
  })

  it('a socket that writes keeps its session; one that only sits is closed with 4401', async () => {
    const writer = await server.login('lead', USER_PASSWORD)
    const sitter = await server.login('lead', USER_PASSWORD)
    const writing = open(writer)
    const sitting = open(sitter)
    await Promise.all([writing.synced, sitting.synced])
    let sittingClosed: number | null = null
    void sitting.closed.then(({ code }) => (sittingClosed = code))
    const started = Date.now()
    let n = 0
    while (Date.now() - started < (IDLE_SECONDS + 3) * 1000) {
      insertRow(writing.doc, { name: `空闲测试${n++}` })
      await sleep(400)
    }
    // the writer's session lives on (its edits were uses) and its socket is still open
    expect(await me(writer)).toBe(200)
    expect(writing.provider.wsconnected).toBe(true)
    await waitFor(() => sittingClosed !== null, {
      what: 'the idle socket to close',
      timeoutMs: 3000,
    })
    expect(sittingClosed).toBe(4401)
    expect(await me(sitter)).toBe(401)
  })
})
