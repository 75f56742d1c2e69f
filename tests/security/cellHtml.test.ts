/**
 * @module tests/security/cellHtml
 * Cell text is never rendered as HTML (docs/RELIABILITY.md §4): rows whose texts are HTML and script
 * payloads, written by another client, show in the real web app's grid as exactly those
 * characters — no element is created from them, no handler runs — and typing such text
 * into a cell does not create markup either. Chromium through playwright-core.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import {
  cell,
  editCell,
  ensureClientBuilt,
  expectCellText,
  launchBrowser,
  openSheet,
  signedInPage,
  type SignedIn,
} from '../e2e/browser'
import { seedRows, validLedgerRow } from '../e2e/seed'

const PAYLOADS = [
  '<img src=x onerror="window.__xss=(window.__xss||0)+1">',
  '<script>window.__xss=1</script>',
  '<b>粗体</b><a href="javascript:window.__xss=1">点我</a>',
  '"><svg onload="window.__xss=1">',
  '{{constructor.constructor("window.__xss=1")()}}',
]

let server: TestServer
let fx: Fixture
let browser: Browser
let tab: SignedIn

beforeAll(async () => {
  ensureClientBuilt()
  server = await startTestServer()
  fx = await seedFixture(server)
  await seedRows(
    server,
    fx.tokens.lead,
    fx.sheets.sheetA1,
    PAYLOADS.map((p, i) => ({ ...validLedgerRow(`x${i}`, i), name: p, address: p })),
  )
  browser = await launchBrowser()
  tab = await signedInPage(browser, server, fx.tokens.lead)
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('cell text is never rendered as HTML', () => {
  it('shows HTML payloads from the sheet as text and runs none of them', async () => {
    const { page } = tab
    // the app runs under the server's CSP (http/securityHeaders.ts) without violations
    const violations: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text())
    })
    await openSheet(page, fx.sheets.sheetA1, 'x0')
    for (const [i, payload] of PAYLOADS.entries()) {
      await expectCellText(page, `x${i}`, 'name', payload)
      const target = cell(page, `x${i}`, 'name')
      expect(await target.locator('img, script, svg, b, a, iframe').count()).toBe(0)
    }
    await page.waitForTimeout(300)
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined()
    expect(await page.locator('.ag-root img[src="x"], .ag-root svg[onload]').count()).toBe(0)
    expect(violations).toEqual([])
  })

  it('typing markup into a cell stores and shows it as text', async () => {
    const { page } = tab
    const typed = '<img src=y onerror="window.__xss=2">手工输入'
    await editCell(page, 'x1', 'name', typed)
    expect(await cell(page, 'x1', 'name').locator('img').count()).toBe(0)
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined()
    await expect
      .poll(async () => {
        const res = await server.api(
          'GET',
          `/api/sheets/${fx.sheets.sheetA1}/rows`,
          fx.tokens.admin,
        )
        return res.body.rows.find((r: { id: string }) => r.id === 'x1')?.name
      })
      .toBe(typed)
  })
})
