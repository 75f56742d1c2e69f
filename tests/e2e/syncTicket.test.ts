// The web app's sync socket in Chromium against the real server (docs/RELIABILITY.md §4, cross-site): every
// socket it opens carries a fresh single-use ticket (`?ticket=`, from POST /api/sync-ticket)
// and never the session token, also when it reconnects after the network came back.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wsClient'
import {
  editCell,
  ensureClientBuilt,
  expectConnection,
  launchBrowser,
  openSheet,
  signedInPage,
  type SignedIn,
} from './browser'
import { seedRows, serverRows, validLedgerRow } from './seed'

let server: TestServer
let fx: Fixture
let browser: Browser
let lead: SignedIn
const socketUrls: string[] = []

beforeAll(async () => {
  ensureClientBuilt()
  server = await startTestServer()
  fx = await seedFixture(server)
  await seedRows(server, fx.tokens.lead, fx.sheets.sheetA1, [validLedgerRow('row0', 0)])
  browser = await launchBrowser()
  lead = await signedInPage(browser, server, fx.tokens.lead)
  lead.page.on('websocket', (ws) => socketUrls.push(ws.url()))
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('the web app connects with sync tickets', () => {
  it('opens the socket with ?ticket=, never the session token, and syncs', async () => {
    await openSheet(lead.page, fx.sheets.sheetA1, 'row0')
    await expectConnection(lead.page, 'online')
    const sync = socketUrls.filter((url) => url.includes('/sync/'))
    expect(sync.length).toBeGreaterThan(0)
    for (const url of sync) {
      expect(url).toMatch(/[?&]ticket=[\w-]{20,}/)
      expect(url).not.toContain('token=')
      expect(url).not.toContain(fx.tokens.lead)
    }
    await editCell(lead.page, 'row0', 'name', '票据同步')
    await waitFor(
      async () =>
        (await serverRows(server, fx.tokens.lead, fx.sheets.sheetA1)).get('row0')?.name ===
        '票据同步',
      { what: 'the edit on the server' },
    )
  })

  it('a reconnect after the network comes back takes a new ticket', async () => {
    const before = socketUrls.filter((url) => url.includes('/sync/')).length
    await lead.context.setOffline(true)
    await expectConnection(lead.page, 'offline')
    await lead.context.setOffline(false)
    await expectConnection(lead.page, 'online')
    const sync = socketUrls.filter((url) => url.includes('/sync/'))
    expect(sync.length).toBeGreaterThan(before)
    const tickets = sync.map((url) => new URL(url).searchParams.get('ticket'))
    expect(new Set(tickets).size).toBe(tickets.length)
    expect(sync.every((url) => !url.includes('token='))).toBe(true)
  })
})
