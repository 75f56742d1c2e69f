/**
 * @module tests/security/logoutEverywhere
 * "Log out everywhere" against the real server (docs/RELIABILITY.md §4): `POST
 * /api/logout-everywhere` ends every session of the caller (this device's and the others'),
 * voids its unused sync tickets and closes all its open sync sockets with 4401 — and leaves
 * every other user's sessions and sockets alone. It is audited.
 */
import { insertRow } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  seedFixture,
  startTestServer,
  USER_PASSWORD,
  type Fixture,
  type TestServer,
} from '../helpers/server'
import { connectSheet, type SheetClient } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture
const clients: SheetClient[] = []

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server?.stop()
})

const open = (token: string, sheet: string) => {
  const c = connectSheet(server.wsUrl, sheet, token)
  clients.push(c)
  return c
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const me = async (token: string) => (await server.api('GET', '/api/me', token)).status

describe('log out everywhere', () => {
  it('ends every session and ticket of the caller and closes its sockets, nobody else’s', async () => {
    const laptop = await server.login('consolidator', USER_PASSWORD)
    const phone = await server.login('consolidator', USER_PASSWORD)
    const someoneElse = await server.login('filler', USER_PASSWORD)
    const onLaptop = open(laptop, fx.sheets.sheetA1)
    const onPhone = open(phone, fx.sheets.sheetA1)
    const other = open(someoneElse, fx.sheets.sheetA1)
    await Promise.all([onLaptop.synced, onPhone.synced, other.synced])
    const ticket = (await server.api('POST', '/api/sync-ticket', phone)).body.ticket as string

    const res = await server.api('POST', '/api/logout-everywhere', laptop)
    expect(res.status).toBe(200)
    // the two above and the one the fixture made
    expect(res.body.sessions).toBe(3)
    expect((await onLaptop.closed).code).toBe(4401)
    expect((await onPhone.closed).code).toBe(4401)
    expect(await me(laptop)).toBe(401)
    expect(await me(phone)).toBe(401)
    expect(await me(fx.tokens.consolidator)).toBe(401)
    const withTicket = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.wsUrl}/sync/${fx.sheets.sheetA1}?ticket=${ticket}`)
      ws.once('close', (code) => resolve(code))
      ws.once('error', () => {})
    })
    expect(withTicket).toBe(4401)

    // another user's session and socket are untouched
    expect(await me(someoneElse)).toBe(200)
    insertRow(other.doc, { name: '别人照常' })
    await sleep(300)
    expect(other.provider.wsconnected).toBe(true)

    const admin = await server.login('admin', server.adminPassword)
    const audit = await server.api('GET', '/api/audit?limit=1000', admin)
    const entry = audit.body.entries.find(
      (e: { action: string }) => e.action === 'logout-everywhere',
    )
    expect(entry).toMatchObject({ userId: fx.users.consolidator, detail: { sessions: 3 } })
  })
})
