/**
 * @module tests/chaos/browserKill
 * "Nothing typed is lost by closing the tab or a crash" (SPEC §4, docs/RELIABILITY.md §1), in the real
 * web app with Chromium: a person types into a grid cell while the server cannot be
 * reached; as soon as the app shows the change is saved on this machine (the connection
 * indicator counts one local change), the tab is closed WITHOUT unload handlers (as a crash
 * or a killed tab). A new tab in the same browser profile shows the value from IndexedDB,
 * and once the network is back the server has it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wsClient'
import {
  editCell,
  ensureClientBuilt,
  expectCellText,
  expectConnection,
  openSheet,
} from '../e2e/browser'
import { seedRows, validLedgerRow } from '../e2e/seed'

let server: TestServer
let fx: Fixture
let context: BrowserContext
const profile = mkdtempSync(join(tmpdir(), 'taizhang-profile-'))

beforeAll(async () => {
  ensureClientBuilt()
  server = await startTestServer()
  fx = await seedFixture(server)
  await seedRows(server, fx.tokens.lead, fx.sheets.sheetA1, [validLedgerRow('k1', 1)])
  // a persistent profile: what survives a killed tab is what is on this machine's disk
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    baseURL: server.url,
    viewport: { width: 1600, height: 900 },
    locale: 'zh-CN',
  })
  await context.addInitScript((t) => {
    if (!localStorage.getItem('taizhang.token')) localStorage.setItem('taizhang.token', t)
  }, fx.tokens.lead)
}, 120_000)

afterAll(async () => {
  await context?.close()
  await server?.stop()
  rmSync(profile, { recursive: true, force: true })
})

describe('a tab killed right after typing', () => {
  it('loses nothing: the edit is in the next tab and reaches the server', async () => {
    const page = await context.newPage()
    await openSheet(page, fx.sheets.sheetA1, 'k1')
    await expectConnection(page, 'online', 0)

    await context.setOffline(true)
    await expectConnection(page, 'offline')
    const text = '关掉标签页之前刚输入的'
    await editCell(page, 'k1', 'name', text)
    // the app says: saved on this machine, not yet confirmed by the server
    await expectConnection(page, 'offline', 1)
    await page.close({ runBeforeUnload: false })

    await context.setOffline(false)
    const again = await context.newPage()
    await openSheet(again, fx.sheets.sheetA1, 'k1')
    await expectCellText(again, 'k1', 'name', text)
    await waitFor(
      async () => {
        const res = await server.api(
          'GET',
          `/api/sheets/${fx.sheets.sheetA1}/rows`,
          fx.tokens.admin,
        )
        return res.body.rows.some(
          (r: { id: string; name: string }) => r.id === 'k1' && r.name === text,
        )
      },
      { what: 'the edit on the server after the reopen', timeoutMs: 20_000 },
    )
    await expectConnection(again, 'online', 0)
  }, 90_000)
})
