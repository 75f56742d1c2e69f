// The web app in Debian Chromium against the real server process (SPEC §4):
// two people on one sheet converge, presence is visible (screenshot for a person to
// look at), validation marks come and go live, a pasted Excel block lands in the grid,
// an accepted sheet cannot be edited in the UI, and the grid's own commands (what AG Grid
// Community lacks: fill down, clearing a range in one step, undo of one's own edits, copy
// as TSV; the toolbar's delete / 显示已删除 / 恢复, move and add) reach the server.
import type { CellValue } from '@taizhang/schema'
import type { Browser, Page } from 'playwright-core'
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

describe("the grid's own commands (fill down, range, copy, toolbar)", () => {
  let gridSheet: string

  beforeAll(async () => {
    const created = await server.api('POST', '/api/sheets', fx.tokens.lead, {
      unitId: fx.units.gridA1,
      template: 'ledger',
      title: '表格操作台账',
    })
    expect(created.status).toBe(201)
    gridSheet = created.body.id as string
    const rows = Array.from({ length: 6 }, (_, i) => validLedgerRow(`g${i}`, i))
    await seedRows(server, fx.tokens.lead, gridSheet, rows)
    await openSheet(lead.page, gridSheet, 'g0')
    await expectConnection(lead.page, 'online')
  }, 60_000)

  /** The server's value of one cell, once it has arrived. */
  async function expectServerCell(rowId: string, colId: string, value: CellValue): Promise<void> {
    await waitFor(
      async () =>
        ((await serverRows(server, fx.tokens.lead, gridSheet)).get(rowId)?.[colId] ?? null) ===
        value,
      { timeoutMs: 10_000, what: `${rowId}.${colId} = ${String(value)} on the server` },
    )
  }

  /** The grid's row element of a row id. */
  const gridRow = (page: Page, rowId: string) => page.locator(`.ag-row[row-id="${rowId}"]`).first()

  /** The row's place in the displayed order. */
  async function rowIndex(page: Page, rowId: string): Promise<number> {
    return Number(await gridRow(page, rowId).getAttribute('row-index'))
  }

  describe('range commands', () => {
    it('fills down with Ctrl+D, clears the range with Delete, and Ctrl+Z undoes one step each', async () => {
      const page = lead.page
      await (await revealCell(page, 'g0', 'name')).click()
      await page.keyboard.press('Shift+ArrowDown')
      await page.keyboard.press('Shift+ArrowDown')
      await page.keyboard.press('Control+d')
      await expectCellText(page, 'g1', 'name', '测试企业0')
      await expectCellText(page, 'g2', 'name', '测试企业0')
      await expectServerCell('g2', 'name', '测试企业0')

      await page.keyboard.press('Delete')
      for (const id of ['g0', 'g1', 'g2']) await expectCellText(page, id, 'name', '')
      await expectServerCell('g1', 'name', null)

      await page.keyboard.press('Control+z')
      for (const id of ['g0', 'g1', 'g2']) await expectCellText(page, id, 'name', '测试企业0')
      await page.keyboard.press('Control+z')
      await expectCellText(page, 'g1', 'name', '测试企业1')
      await expectCellText(page, 'g2', 'name', '测试企业2')
      await expectServerCell('g2', 'name', '测试企业2')
    })

    it('copies the selected range as TSV', async () => {
      const page = lead.page
      await (await revealCell(page, 'g3', 'name')).click()
      await page.keyboard.press('Shift+ArrowDown')
      await page.keyboard.press('Shift+ArrowRight')
      await page.keyboard.press('Shift+ArrowRight')
      const copied = await page.evaluate(() => {
        const data = new DataTransfer()
        const target = document.activeElement ?? document.body
        target.dispatchEvent(
          new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }),
        )
        return data.getData('text/plain')
      })
      // name, creditCode (empty in the seeded rows), category
      expect(copied).toBe('测试企业3\t\t非公企业\r\n测试企业4\t\t非公企业')
    })
  })

  describe('row commands in the toolbar', () => {
    it('deletes a row, shows it under 显示已删除 and restores it', async () => {
      const page = lead.page
      await (await revealCell(page, 'g3', 'name')).click()
      await page.getByRole('button', { name: '删除行' }).click()
      await page.locator('.tz-grid-notice', { hasText: '已删除 1 行' }).waitFor()
      await cell(page, 'g3', 'name').waitFor({ state: 'detached' })
      await waitFor(async () => !(await serverRows(server, fx.tokens.lead, gridSheet)).has('g3'), {
        timeoutMs: 10_000,
        what: 'g3 deleted on the server',
      })

      await page.getByLabel('显示已删除').check()
      const row = gridRow(page, 'g3')
      await row.waitFor()
      expect(await row.getAttribute('class')).toContain('tz-row-deleted')
      await cell(page, 'g3', 'name').click()
      await page.getByRole('button', { name: '恢复' }).click()
      await page.locator('.tz-grid-notice', { hasText: '已恢复 1 行' }).waitFor()
      await page.waitForFunction(
        () => !document.querySelector('.ag-row[row-id="g3"]')?.classList.contains('tz-row-deleted'),
      )
      await expectServerCell('g3', 'name', '测试企业3')
      await page.getByLabel('显示已删除').uncheck()
    })

    it('moves the focused row down and adds a row after it', async () => {
      const page = lead.page
      expect(await rowIndex(page, 'g4')).toBeLessThan(await rowIndex(page, 'g5'))
      await (await revealCell(page, 'g4', 'name')).click()
      await page.getByRole('button', { name: '下移' }).click()
      await waitFor(async () => (await rowIndex(page, 'g5')) < (await rowIndex(page, 'g4')), {
        timeoutMs: 10_000,
        what: 'g4 moved below g5',
      })

      const before = (await serverRows(server, fx.tokens.lead, gridSheet)).size
      await page.getByRole('button', { name: '添加行' }).click()
      await waitFor(
        async () => (await serverRows(server, fx.tokens.lead, gridSheet)).size === before + 1,
        { timeoutMs: 10_000, what: 'the added row on the server' },
      )
      const shown = await page.evaluate(
        () =>
          new Set(
            [...document.querySelectorAll('.ag-row[row-id]')].map((r) => r.getAttribute('row-id')),
          ).size,
      )
      expect(shown).toBe(before + 1)
    })
  })
})
