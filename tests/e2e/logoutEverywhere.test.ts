// "在所有设备上退出" in Debian Chromium against the real server (docs/RELIABILITY.md §4): the
// button on the home page ends this browser's session and every other session of the user
// (another device's token is refused at once, its open sheet socket is closed with 4401),
// and the page goes to the login screen.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { USER_PASSWORD, type Fixture, type TestServer } from '../helpers/server'
import { connectSheet } from '../helpers/wsClient'
import { signedInPage, startBrowserSuite, stopBrowserSuite } from './browser'

let server: TestServer
let fx: Fixture
let browser: Browser

beforeAll(async () => void ({ server, fx, browser } = await startBrowserSuite()), 120_000)

afterAll(() => stopBrowserSuite({ server, browser }))

describe('log out everywhere', () => {
  it('the home page button signs out this browser and every other device', async () => {
    const here = await server.login('filler', USER_PASSWORD)
    const phone = await server.login('filler', USER_PASSWORD)
    const onPhone = connectSheet(server.wsUrl, fx.sheets.sheetA1, phone)
    await onPhone.synced
    const { context, page } = await signedInPage(browser, server, here)
    await page.goto(`/?unit=${fx.units.gridA1}`)
    await page.getByRole('button', { name: '在所有设备上退出' }).click()
    await page.waitForURL(/\/login/)
    expect(await page.evaluate(() => localStorage.getItem('taizhang.token'))).toBeNull()
    expect((await onPhone.closed).code).toBe(4401)
    for (const token of [here, phone]) {
      expect((await server.api('GET', '/api/me', token)).status).toBe(401)
    }
    onPhone.destroy()
    await context.close()
  })
})
