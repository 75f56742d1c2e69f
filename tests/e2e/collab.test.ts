// The web app in Debian Chromium against the real server process (issue 4 tests):
// two people on one sheet converge, presence is visible (screenshot for a person to
// look at), validation marks come and go live, a pasted Excel block lands in the grid,
// and an accepted sheet cannot be edited in the UI.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wsClient'
import {
  artifactPath,
  cell,
  editCell,
  ensureClientBuilt,
  expectCellClass,
  expectCellText,
  expectConnection,
  launchBrowser,
  openSheet,
  revealCell,
  signedInPage,
  type SignedIn,
} from './browser'
import { seedRows, serverRows, validLedgerRow } from './seed'

let server: TestServer
let fx: Fixture
let browser: Browser
let lead: SignedIn
let filler: SignedIn
const ids = Array.from({ length: 8 }, (_, i) => `row${i}`)

beforeAll(async () => {
  ensureClientBuilt()
  server = await startTestServer()
  fx = await seedFixture(server)
  await seedRows(
    server,
    fx.tokens.lead,
    fx.sheets.sheetA1,
    ids.map((id, i) => validLedgerRow(id, i)),
  )
  browser = await launchBrowser()
  lead = await signedInPage(browser, server, fx.tokens.lead)
  filler = await signedInPage(browser, server, fx.tokens.filler)
  await Promise.all([
    openSheet(lead.page, fx.sheets.sheetA1, ids[0]),
    openSheet(filler.page, fx.sheets.sheetA1, ids[0]),
  ])
  await Promise.all([
    expectConnection(lead.page, 'online'),
    expectConnection(filler.page, 'online'),
  ])
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('two people on one sheet', () => {
  it("shows one person's edit to the other", async () => {
    await editCell(lead.page, 'row0', 'name', '红星机械有限公司')
    await expectCellText(filler.page, 'row0', 'name', '红星机械有限公司')
  })

  it('converges when both edit different cells at once', async () => {
    await Promise.all([
      editCell(lead.page, 'row1', 'name', '组长改的名称'),
      editCell(filler.page, 'row2', 'leader', '填报员改的负责人'),
    ])
    await expectCellText(lead.page, 'row2', 'leader', '填报员改的负责人')
    await expectCellText(filler.page, 'row1', 'name', '组长改的名称')
    await waitFor(
      async () => {
        const rows = await serverRows(server, fx.tokens.lead, fx.sheets.sheetA1)
        return (
          rows.get('row1')?.name === '组长改的名称' &&
          rows.get('row2')?.leader === '填报员改的负责人'
        )
      },
      { timeoutMs: 10_000, what: 'both edits on the server' },
    )
    await expectConnection(lead.page, 'online', 0)
    await expectConnection(filler.page, 'online', 0)
  })

  it("lists who is in the sheet and outlines the other person's cell (screenshot)", async () => {
    await (await revealCell(lead.page, 'row3', 'name')).click()
    await (await revealCell(filler.page, 'row4', 'industry')).click()
    await lead.page.locator('.presence-chip', { hasText: '填报员小王' }).waitFor()
    await filler.page.locator('.presence-chip', { hasText: '组长老李' }).waitFor()
    await lead.page.waitForFunction(() => {
      const el = document.querySelector('.ag-row[row-id="row4"] .ag-cell[col-id="industry"]')
      return !!el && [...el.classList].some((c) => c.startsWith('tz-peer-'))
    })
    await lead.page
      .locator('.ag-body-horizontal-scroll-viewport')
      .evaluate((el) => (el.scrollLeft = 0))
    await lead.page.waitForTimeout(200)
    await lead.page.screenshot({ path: artifactPath('presence-two-users.png') })
  })
})

describe('validation in the grid', () => {
  it('marks a row that breaks a rule and clears the mark when it is fixed', async () => {
    const page = lead.page
    // 正式党员数 + 预备党员数 ≤ 从业人员数 (members-exceed-employees, error on members)
    await editCell(page, 'row5', 'members', '30')
    await expectCellClass(page, 'row5', 'members', 'tz-cell-error')
    await page
      .locator('.finding[data-row-id="row5"][data-rule="members-exceed-employees"]')
      .waitFor()
    // the other person sees the mark too: the rules run in every browser
    await expectCellClass(filler.page, 'row5', 'members', 'tz-cell-error')
    await editCell(page, 'row5', 'members', '4')
    await expectCellClass(page, 'row5', 'members', 'tz-cell-error', false)
    await page
      .locator('.finding[data-row-id="row5"][data-rule="members-exceed-employees"]')
      .waitFor({ state: 'detached' })
  })
})

describe('paste from Excel/WPS', () => {
  it('writes a 5×3 TSV block with a quoted multi-line cell and marks the invalid values', async () => {
    const page = lead.page
    // columns name, creditCode, category; row 2 has a bad credit code, row 4 an unknown category
    const tsv =
      [
        ['粘贴企业一', '', '非公企业'],
        ['"粘贴企业二\n（分公司）"', '91350100M000100Y3X', '社会组织'],
        ['粘贴企业三', '', '个体工商户'],
        ['粘贴企业四', '', '外星组织'],
        ['粘贴企业五', '', '专业市场'],
      ]
        .map((r) => r.join('\t'))
        .join('\r\n') + '\r\n'
    await (await revealCell(page, 'row3', 'name')).click()
    await page.evaluate((text) => {
      const data = new DataTransfer()
      data.setData('text/plain', text)
      const target = document.activeElement ?? document.body
      target.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      )
    }, tsv)
    await expectCellText(page, 'row3', 'name', '粘贴企业一')
    await revealCell(page, 'row4', 'name')
    await page.waitForFunction(() => {
      const el = document.querySelector('.ag-row[row-id="row4"] .ag-cell[col-id="name"]')
      return el?.textContent?.includes('粘贴企业二') && el.textContent.includes('分公司')
    })
    await expectCellText(page, 'row7', 'category', '专业市场')
    await expectCellClass(page, 'row4', 'creditCode', 'tz-cell-error')
    await expectCellClass(page, 'row6', 'category', 'tz-cell-error')
    await expectCellClass(page, 'row5', 'category', 'tz-cell-error', false)
    // the other person and the server have the block
    await expectCellText(filler.page, 'row6', 'name', '粘贴企业四')
    await waitFor(
      async () => {
        const rows = await serverRows(server, fx.tokens.lead, fx.sheets.sheetA1)
        return (
          rows.get('row4')?.name === '粘贴企业二\n（分公司）' &&
          rows.get('row7')?.category === '专业市场'
        )
      },
      { timeoutMs: 10_000, what: 'pasted block on the server' },
    )
  })
})

describe('an accepted (locked) sheet', () => {
  it('becomes read-only in the open page and refuses edits in the UI', async () => {
    const created = await server.api('POST', '/api/sheets', fx.tokens.lead, {
      unitId: fx.units.gridA1,
      template: 'ledger',
      title: '待审核台账',
    })
    expect(created.status).toBe(201)
    const sheetId = created.body.id as string
    await seedRows(server, fx.tokens.lead, sheetId, [
      validLedgerRow('ok1', 1),
      validLedgerRow('ok2', 2),
    ])
    const page = lead.page
    await openSheet(page, sheetId, 'ok1')
    await expectConnection(page, 'online')
    await page.getByRole('button', { name: '提交' }).waitFor()

    await waitFor(
      async () =>
        (await server.api('POST', `/api/sheets/${sheetId}/submit`, fx.tokens.lead, {})).status ===
        200,
      { timeoutMs: 10_000, what: 'submit accepted (server findings settled)' },
    )
    const accepted = await server.api(
      'POST',
      `/api/sheets/${sheetId}/accept`,
      fx.tokens.consolidator,
      {},
    )
    expect(accepted.status).toBe(200)

    // the open page locks itself without a reload (status travels in the doc's meta)
    await page.locator('.badge[data-status="accepted"]').waitFor({ timeout: 10_000 })
    await page.locator('.locked', { hasText: '已锁定' }).waitFor()
    const target = cell(page, 'ok1', 'name')
    await target.dblclick()
    await page.keyboard.type('x')
    await page.keyboard.press('Enter')
    expect(await target.locator('input, textarea').count()).toBe(0)
    await expectCellText(page, 'ok1', 'name', '测试企业1')

    // and after a reload it opens read-only straight away
    await page.reload()
    await cell(page, 'ok1', 'name').waitFor()
    await page.locator('.locked', { hasText: '已锁定' }).waitFor()
    await cell(page, 'ok1', 'name').dblclick()
    expect(await cell(page, 'ok1', 'name').locator('input, textarea').count()).toBe(0)
    const rows = await serverRows(server, fx.tokens.lead, sheetId)
    expect(rows.get('ok1')?.name).toBe('测试企业1')
  })
})
