// The app shell in Debian Chromium against the real server (SPEC §1, §6.3): sign in,
// the unit tree and its sheets with status badges, a new sheet from a template, and a
// phone-width screen (375 px) that shows one organisation per screen.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { USER_PASSWORD, type Fixture, type TestServer } from '../helpers/server'
import { artifactPath, signedInPage, startBrowserSuite, stopBrowserSuite } from './browser'
import { seedRows, validLedgerRow } from './seed'

let server: TestServer
let fx: Fixture
let browser: Browser

beforeAll(async () => {
  ;({ server, fx, browser } = await startBrowserSuite())
  await seedRows(server, fx.tokens.lead, fx.sheets.sheetA1, [
    validLedgerRow('p1', 1),
    validLedgerRow('p2', 2),
  ])
}, 120_000)

afterAll(() => stopBrowserSuite({ server, browser }))

describe('home', () => {
  it('signs in, shows the unit tree and its sheets with status badges, and creates a sheet', async () => {
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 1280, height: 800 },
    })
    const page = await context.newPage()
    await page.goto(`/sheets/${fx.sheets.sheetA1}`)
    // not signed in: to the login page, and back to the sheet afterwards
    await page.waitForURL(/\/login\?next=/)
    await page.getByLabel('用户名').fill('lead')
    await page.getByLabel('密码').fill('wrong-password')
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toMatch(/[\u4e00-\u9fff]/)
    await page.getByLabel('密码').fill(USER_PASSWORD)
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL(`**/sheets/${fx.sheets.sheetA1}`)
    await page.locator('.ag-row[row-id="p1"]').first().waitFor()

    await page.goto(`/?unit=${fx.units.gridA1}`)
    await page.locator('.tree-item', { hasText: '一网格' }).waitFor()
    await page.locator('.tree-item', { hasText: '东街道' }).waitFor()
    const entry = page.locator(`.sheet-list a[data-sheet-id="${fx.sheets.sheetA1}"]`)
    await entry.waitFor()
    expect(await entry.locator('.badge').textContent()).toBe('草稿')

    await page.getByLabel('模板').selectOption('scoring')
    await page.getByLabel('表格名称').fill('第一督查组评分表')
    await page.getByRole('button', { name: '新建表格' }).click()
    await page.waitForURL(/\/sheets\/[a-z0-9]+$/)
    await page.locator('.sheet-name', { hasText: '第一督查组评分表' }).waitFor()
    await page.locator('.ag-header-cell[col-id="org"]').waitFor()
    const sheetId = new URL(page.url()).pathname.split('/').pop()!
    const info = await server.api('GET', `/api/sheets/${sheetId}`, fx.tokens.lead)
    expect(info.body).toMatchObject({
      template: 'scoring',
      title: '第一督查组评分表',
      status: 'draft',
    })
    await page.getByRole('button', { name: '← 返回' }).click()
    await page.locator(`.sheet-list a[data-sheet-id="${sheetId}"]`).waitFor()
    await context.close()
  })

  it('shows one organisation per screen at 375 px without sideways scrolling', async () => {
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
    })
    await context.addInitScript((t) => localStorage.setItem('taizhang.token', t), fx.tokens.filler)
    const page = await context.newPage()
    await page.goto(`/sheets/${fx.sheets.sheetA1}`)
    await page.locator('.tz-form').waitFor()
    await page.locator('.tz-field label', { hasText: '组织名称' }).first().waitFor()
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    )
    expect(overflow).toBeLessThanOrEqual(0)
    await page.screenshot({ path: artifactPath('phone-row-form.png') })
    await context.close()
  })

  it('offers no 新建表格 at an archived unit', async () => {
    const archived = await server.api(
      'POST',
      `/api/units/${fx.units.gridB1}/archive`,
      fx.tokens.admin,
    )
    expect(archived.status).toBe(200)
    const { context, page } = await signedInPage(browser, server, fx.tokens.admin)
    await page.goto(`/?unit=${fx.units.gridA1}`)
    await page.getByRole('button', { name: '新建表格' }).waitFor()
    await page.goto(`/?unit=${fx.units.gridB1}`)
    await page.locator('.tree-item.selected', { hasText: '已归档' }).waitFor()
    await page.locator('.sheet-list').waitFor()
    expect(await page.getByRole('button', { name: '新建表格' }).count()).toBe(0)
    await context.close()
  })
})
