// Reporting rounds in Debian Chromium against the real server (SPEC §8): a consolidator
// issues a round from the home page (period, due date, the unit tree with checkboxes), the
// board shows every grid with its state, 逾期 and 催报; a returned sheet appears in the grid
// lead's 待办 with the reason, one click from the sheet, and stays there offline with the time
// it was last refreshed; the round sheet is edited offline and the edit reaches the server;
// the compare view highlights a changed cell.
import { setCell } from '@taizhang/schema'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { connectSheet, waitFor } from '../helpers/wsClient'
import {
  editCell,
  ensureClientBuilt,
  expectCellText,
  expectConnection,
  launchBrowser,
  openSheet,
  signedInPage,
} from './browser'
import { seedRows, serverRows, validLedgerRow } from './seed'

let server: TestServer
let fx: Fixture
let browser: Browser
let issued = ''

beforeAll(async () => {
  ensureClientBuilt()
  server = await startTestServer()
  fx = await seedFixture(server)
  await seedRows(server, fx.tokens.lead, fx.sheets.sheetA1, [
    validLedgerRow('p1', 1),
    validLedgerRow('p2', 2),
  ])
  browser = await launchBrowser()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const boardOf = async (id: string) =>
  (await server.api('GET', `/api/rounds/${id}`, fx.tokens.boss)).body

describe('reporting rounds in the browser', () => {
  it('issues a round from the home page and shows its board with 逾期 and 催报', async () => {
    const { context, page } = await signedInPage(browser, server, fx.tokens.consolidator)
    await page.goto(`/?unit=${fx.units.townA}`)
    await page.getByRole('button', { name: '发布报送任务' }).click()
    const form = page.getByRole('form', { name: '发布报送任务' })
    await form.locator('input[name="year"]').fill('2026')
    await form.locator('select[name="part"]').selectOption('Q1')
    expect(await form.getByTestId('period-label').textContent()).toBe('2026年第一季度')
    // a due date already past: both grids are late at once
    await form.locator('input[name="dueDate"]').fill('2026-01-05')
    expect(await form.locator(`input[data-unit-id="${fx.units.gridA1}"]`).isChecked()).toBe(true)
    await form.getByRole('button', { name: '发布' }).click()
    await page.waitForURL(/\/rounds\/[a-z0-9]+$/)
    issued = new URL(page.url()).pathname.split('/').pop()!

    const rows = page.locator('.round-board tbody tr')
    await rows.first().waitFor()
    expect(await rows.count()).toBe(2)
    await page
      .locator(`.round-board tr[data-unit-id="${fx.units.gridA1}"] .badge-overdue`)
      .waitFor()
    expect(await page.locator('[data-count="overdue"] strong').textContent()).toBe('2')
    await page.locator('input[name="message"]').fill('请尽快报送')
    await page.getByRole('button', { name: /催报逾期单位/ }).click()
    await page.getByRole('status').filter({ hasText: '已向 2 个单位催报' }).waitFor()
    const board = await boardOf(issued)
    expect(board.title).toBe('2026年第一季度网格台账')
    expect(board.progress.every((p: { remindedAt: string | null }) => p.remindedAt)).toBe(true)
    await context.close()
  }, 90_000)

  it("puts a returned sheet first in the grid lead's 待办, one click from the sheet", async () => {
    const board = await boardOf(issued)
    const a1 = board.progress.find((p: { unitId: string }) => p.unitId === fx.units.gridA1).sheetId
    expect((await server.api('POST', `/api/sheets/${a1}/submit`, fx.tokens.lead, {})).status).toBe(
      200,
    )
    const returned = await server.api('POST', `/api/sheets/${a1}/return`, fx.tokens.consolidator, {
      reason: '请核实从业人员数',
    })
    expect(returned.status).toBe(200)

    const { context, page } = await signedInPage(browser, server, fx.tokens.lead)
    await page.goto('/')
    const task = page.locator('.task-list li').first()
    await task.waitFor()
    expect(await task.getAttribute('data-kind')).toBe('fill')
    expect(await task.textContent()).toContain('已退回')
    expect(await task.textContent()).toContain('请核实从业人员数')
    expect(await page.getByTestId('tasks-refreshed').textContent()).toContain('上次刷新')
    const refreshed = await page.getByTestId('tasks-refreshed').textContent()

    // offline: the home page shows the kept 待办 and when it was last refreshed
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await context.setOffline(true)
    await page.reload()
    await page.locator('.task-list li').first().waitFor()
    expect(await page.locator('.task-list li').first().textContent()).toContain('请核实从业人员数')
    const offline = await page.getByTestId('tasks-refreshed').textContent()
    expect(offline).toContain('离线')
    expect(offline).toContain(refreshed!.replace('上次刷新：', ''))
    await context.setOffline(false)

    await page.locator('.task-list li a').first().click()
    await page.waitForURL(`**/sheets/${a1}`)
    await page.locator('.ag-row[row-id="p1"]').first().waitFor()
    await context.close()
  }, 90_000)

  it('a grid lead edits its round sheet offline: kept over a reload, on the server once online', async () => {
    const board = await boardOf(issued)
    const a1 = board.progress.find((p: { unitId: string }) => p.unitId === fx.units.gridA1).sheetId
    const { context, page } = await signedInPage(browser, server, fx.tokens.lead)
    await openSheet(page, a1, 'p2')
    await expectConnection(page, 'online')
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await context.setOffline(true)
    await expectConnection(page, 'offline')
    await editCell(page, 'p2', 'name', '离线填报的本季度名称')
    await expectConnection(page, 'offline', 1)
    // no network: the app from the service worker, the round sheet and the edit from IndexedDB
    await page.reload()
    await page.locator('.ag-root').waitFor()
    await expectCellText(page, 'p2', 'name', '离线填报的本季度名称')
    await context.setOffline(false)
    await expectConnection(page, 'online', 0, 30_000)
    await waitFor(
      async () =>
        (await serverRows(server, fx.tokens.lead, a1)).get('p2')?.name === '离线填报的本季度名称',
      { timeoutMs: 15_000, what: 'the offline edit of the round sheet on the server' },
    )
    // the period before is untouched: a round sheet is its own document
    expect((await serverRows(server, fx.tokens.lead, fx.sheets.sheetA1)).get('p2')?.name).not.toBe(
      '离线填报的本季度名称',
    )
    await context.close()
  }, 90_000)

  it('highlights a changed cell in the compare view', async () => {
    const next = await server.api('POST', '/api/rounds', fx.tokens.consolidator, {
      unitId: fx.units.townA,
      template: 'ledger',
      period: '2026-Q2',
      dueDate: '2026-07-15',
    })
    expect(next.status).toBe(201)
    const sheet = next.body.sheets.find((s: { unitId: string }) => s.unitId === fx.units.gridA1)
    const client = connectSheet(server.wsUrl, sheet.sheetId, fx.tokens.lead)
    await client.synced
    setCell(client.doc, 'p1', 'employees', 88)
    await waitFor(
      async () =>
        (await server.api('GET', `/api/sheets/${sheet.sheetId}/rows`, fx.tokens.lead)).body.rows[0]
          ?.employees === 88,
      { what: 'edit stored' },
    )
    client.destroy()

    const { context, page } = await signedInPage(browser, server, fx.tokens.consolidator)
    await page.goto(`/rounds/${next.body.id}`)
    await page.getByRole('link', { name: '2026年第一季度' }).click()
    await page.waitForURL(/\/compare\?with=/)
    const changed = page.locator('.compare-rows tr[data-row-id="p1"][data-col-id="employees"]')
    await changed.waitFor()
    expect(await changed.locator('.cell-changed').textContent()).toBe('88')
    expect(await changed.locator('.cell-from').textContent()).toBe('20')
    await context.close()
  }, 90_000)
})
