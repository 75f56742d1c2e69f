// The 汇总 view and the offline export in a real browser (SPEC §2.4, §5): a
// district reviewer opens the district's 汇总 on the `--demo` data, sees the figures the
// server computes, clicks one and gets exactly the rows behind it, switches to 最新报送
// (marked 未审核); and a sheet exported to xlsx while the browser is OFFLINE is built
// from the local copy with the export layout — title, two-row merged header, data, the
// footer — and text beginning with = or - stays a string cell, never a formula.
import ExcelJS from 'exceljs'
import * as Y from 'yjs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/server'
import {
  ensureClientBuilt,
  expectConnection,
  launchBrowser,
  openSheet,
  signedInPage,
} from './browser'
import { connectSheet, waitFor } from '../helpers/wsClient'
import { seedRows, validLedgerRow } from './seed'

const PASSWORD = 'demo-e2e-password'
let server: TestServer
let browser: Browser

beforeAll(async () => {
  ensureClientBuilt()
  server = await startTestServer({ args: ['--demo'], env: { TAIZHANG_DEMO_PASSWORD: PASSWORD } })
  browser = await launchBrowser()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('汇总 view', { timeout: 120_000 }, () => {
  it('shows the district figures, drills a figure down to its rows, and marks 最新报送 未审核', async () => {
    const token = await server.login('reviewer', PASSWORD)
    const units = (await server.api('GET', '/api/units', token)).body.units as {
      id: string
      level: string
    }[]
    const district = units.find((u) => u.level === 'district')!
    const api = (state: string) =>
      server.api(
        'GET',
        `/api/units/${district.id}/consolidation?template=ledger&state=${state}`,
        token,
      )
    const accepted = (await api('accepted')).body
    const latest = (await api('latest')).body
    expect(accepted.total.orgCount).toBeGreaterThan(0)

    const { page, context } = await signedInPage(browser, server, token)
    try {
      await page.goto(`/units/${district.id}/summary`)
      const totalOrgs = page.locator(
        'td[data-indicator="orgCount"][data-row="total"] button.figure',
      )
      await expect.poll(() => totalOrgs.textContent()).toBe(String(accepted.total.orgCount))
      // one row per child unit plus 合计
      expect(await page.locator('.summary-table tbody tr').count()).toBe(accepted.units.length + 1)
      // a child with a draft grid lists it as 未报送
      const missing = accepted.units.filter((u: { missing: unknown[] }) => u.missing.length > 0)
      expect(await page.locator('.tag-missing').count()).toBe(
        missing.reduce((n: number, u: { missing: unknown[] }) => n + u.missing.length, 0),
      )

      await totalOrgs.click()
      const drillRows = page.locator('.drilldown-table tbody tr')
      await expect.poll(() => drillRows.count()).toBe(accepted.total.orgCount)
      const expected = (
        await server.api(
          'GET',
          `/api/units/${district.id}/consolidation/drilldown?template=ledger&indicator=orgCount`,
          token,
        )
      ).body.rows as { rowId: string; name: string }[]
      expect(await drillRows.first().getAttribute('data-row-id')).toBe(expected[0]!.rowId)
      expect(await drillRows.first().locator('td').nth(1).textContent()).toBe(expected[0]!.name)

      // a rate's denominator drills down too: the 城东街道 党的组织覆盖率 organisations
      const child = accepted.units[0]
      await page
        .locator(`td[data-indicator="orgCoverage"][data-row="${child.unitId}"] button.figure-part`)
        .nth(1)
        .click()
      await expect.poll(() => drillRows.count()).toBe(child.orgCoverage.den)

      await page.getByRole('button', { name: '最新报送（未审核）' }).click()
      await page.getByText('未审核：此汇总包含已报送但尚未审核的表格').waitFor()
      await expect.poll(() => totalOrgs.textContent()).toBe(String(latest.total.orgCount))

      // the 督查评分 tab exports the scoring 汇总表, not the ledger one
      await page.getByRole('button', { name: '督查评分' }).click()
      const download = page.waitForEvent('download')
      await page.getByRole('button', { name: '导出 Excel' }).click()
      const file = await download
      expect(file.suggestedFilename()).toMatch(/督查评分汇总表.*\.xlsx$/)
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.readFile(await file.path())
      expect(String(workbook.worksheets[0]!.getCell('A1').value)).toContain('督查评分汇总表')
    } finally {
      await context.close()
    }
  })
})

describe('offline export', { timeout: 120_000 }, () => {
  it('builds the xlsx in the browser from the local copy when offline', async () => {
    const admin = await server.login('admin', server.adminPassword)
    const sheets = (await server.api('GET', '/api/sheets', admin)).body.sheets as {
      id: string
      template: string
      status: string
      title: string
    }[]
    const sheet = sheets.find((s) => s.template === 'ledger' && s.status === 'draft')!
    await seedRows(server, admin, sheet.id, [
      {
        ...validLedgerRow('formula1', 1),
        name: '公式测试企业',
        note: '=SUM(A1:A9)',
        address: '-5号',
      },
    ])
    // seedRows only waits for a row count; wait for this very row
    let rows: { id: string; name: string }[] = []
    await expect
      .poll(async () => {
        rows = (await server.api('GET', `/api/sheets/${sheet.id}/rows`, admin)).body.rows
        return rows.some((row) => row.id === 'formula1')
      })
      .toBe(true)

    const { page, context } = await signedInPage(browser, server, admin)
    try {
      await openSheet(page, sheet.id, rows[0]!.id)
      await expectConnection(page, 'online', 0)
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready
      })
      await context.setOffline(true)
      await expectConnection(page, 'offline')

      await page.getByRole('button', { name: '导出 ▾' }).click()
      const download = page.waitForEvent('download')
      await page.locator('.export-list button[data-format="xlsx"]').click()
      const file = await download
      expect(file.suggestedFilename()).toMatch(/\.xlsx$/)
      await page.getByText('已离线导出').waitFor()
      const path = await file.path()

      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.readFile(path)
      const ws = workbook.worksheets[0]!
      expect(String(ws.getCell('A1').value)).toContain(sheet.title)
      expect(String(ws.getCell('A2').value)).toContain('离线导出')
      expect(ws.getCell('A3').value).toBe('组织名称')
      expect(ws.getCell('A4').isMerged).toBe(true)
      // 人员 spans its four count columns over the second header row
      const people = ws.getRow(3).values as unknown[]
      const col = people.indexOf('人员')
      expect(col).toBeGreaterThan(1)
      expect(ws.getCell(3, col + 1).isMerged).toBe(true)
      expect(ws.getCell(4, col).value).toBe('从业人员数')
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 })

      const names: string[] = []
      for (let r = 5; r < 5 + rows.length; r++) names.push(String(ws.getCell(r, 1).value))
      expect(names).toEqual(rows.map((row) => row.name))
      const formulaRow = 5 + rows.findIndex((row) => row.id === 'formula1')
      const header = ws.getRow(3).values as unknown[]
      const noteCell = ws.getCell(formulaRow, header.indexOf('备注'))
      expect(noteCell.value).toBe('=SUM(A1:A9)')
      expect(noteCell.type).toBe(ExcelJS.ValueType.String)
      expect(noteCell.formula).toBeUndefined()
      const addressCell = ws.getCell(formulaRow, header.indexOf('地址'))
      expect(addressCell.value).toBe('-5号')
      expect(String(ws.getCell(5 + rows.length + 1, 1).value)).toMatch(/^填报单位：/)
    } finally {
      await context.close()
    }
  })
})

/** All text of a report section as the server stores it. */
function sectionText(node: Y.XmlFragment | Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) return node.toString()
  return node
    .toArray()
    .map((c) => sectionText(c as Y.XmlElement))
    .join('')
}

describe('investigation report', () => {
  it('two people write sections at once, see each other’s caret, and insert the statistics table', async () => {
    const admin = await server.login('admin', server.adminPassword)
    const units = (await server.api('GET', '/api/units', admin)).body.units as {
      id: string
      level: string
      name: string
    }[]
    const township = units.find((u) => u.level === 'township')!
    const created = await server.api('POST', '/api/sheets', admin, {
      unitId: township.id,
      template: 'report',
      title: '两新组织党建调研报告',
    })
    expect(created.status).toBeLessThan(300)
    const id = created.body.id as string

    const a = await signedInPage(browser, server, admin)
    const b = await signedInPage(browser, server, admin)
    const watcher = connectSheet(server.wsUrl, id, admin)
    try {
      for (const { page } of [a, b]) {
        await page.goto(`/sheets/${id}`)
        await page.locator('.report-text[data-section="practices"]').waitFor()
      }
      await a.page.locator('.report-text[data-section="practices"]').click()
      await a.page.keyboard.type('建立联合党支部')
      await b.page.locator('.report-text[data-section="problems"]').click()
      await b.page.keyboard.type('经费保障不足')
      // B sees A's caret in 二、主要做法
      await b.page.locator('[data-section="practices"] .report-caret-label').waitFor()
      await a.page.locator('input[data-field="surveyUnit"]').fill('区委组织部')

      await a.page.getByRole('button', { name: '插入统计表' }).click()
      await b.page.locator('.report-table th', { hasText: '党的组织覆盖率' }).waitFor()
      await a.page.getByRole('button', { name: '刷新统计表' }).waitFor()

      await watcher.synced
      const doc = watcher.doc
      await waitFor(
        () =>
          sectionText(doc.getXmlFragment('practices')) === '建立联合党支部' &&
          sectionText(doc.getXmlFragment('problems')) === '经费保障不足' &&
          doc.getMap('meta').get('surveyUnit') === '区委组织部' &&
          doc
            .getXmlFragment('basic')
            .toArray()
            .some((n) => n instanceof Y.XmlElement && n.nodeName === 'table'),
        { timeoutMs: 10_000, what: 'both sections, the meta field and the table on the server' },
      )
      const table = doc.getXmlFragment('basic').get(0) as Y.XmlElement
      const firstRow = table.get(0) as Y.XmlElement
      expect(sectionText(firstRow.get(0) as Y.XmlElement)).toBe('单位')
      // 合计 is the last row
      expect(
        sectionText((table.get(table.length - 1) as Y.XmlElement).get(0) as Y.XmlElement),
      ).toBe('合计')
    } finally {
      watcher.destroy()
      await a.context.close()
      await b.context.close()
    }
  })
})

describe('import dialog', () => {
  it('previews the mapping, takes a header mapped by hand, imports good rows and reports bad ones', async () => {
    const admin = await server.login('admin', server.adminPassword)
    const sheets = (await server.api('GET', '/api/sheets', admin)).body.sheets as {
      id: string
      template: string
      status: string
    }[]
    const sheet = sheets.filter((s) => s.template === 'ledger' && s.status === 'draft').at(-1)!
    const before = (await server.api('GET', `/api/sheets/${sheet.id}/rows`, admin)).body.rows
    const csv =
      '\uFEFF组织名称,组织类别,人数,组建方式,邮箱\r\n' +
      '导入测试企业甲,非公企业,12,未建立,a@example.com\r\n' +
      '导入测试企业乙,不存在的类别,8,未建立,b@example.com\r\n'

    const { page, context } = await signedInPage(browser, server, admin)
    try {
      await openSheet(page, sheet.id, before[0].id)
      await page.getByRole('button', { name: '导入', exact: true }).click()
      await page.locator('.importer input[type="file"]').setInputFiles({
        name: '导入.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv, 'utf8'),
      })
      // 人数 is not a column name: the required 从业人员数 is missing until mapped by hand
      await page.getByText('缺少必填列：从业人员数').waitFor()
      expect(await page.locator('.import-mapping tr.unmapped').count()).toBe(2)
      await page.locator('select[aria-label="「人数」导入到"]').selectOption('employees')
      await page.getByText('将新增 1 行').waitFor()
      await page.getByRole('button', { name: '导入', exact: true }).last().click()
      await page.getByText('导入完成：新增 1 行，更新 0 行，拒绝 1 行。').waitFor()
      const rejected = page.locator('.import-rejected tbody tr')
      expect(await rejected.count()).toBe(1)
      expect(await rejected.locator('td').first().textContent()).toBe('第 2 行')
      expect(await rejected.locator('td').nth(1).textContent()).toContain('组织类别')

      const after = (await server.api('GET', `/api/sheets/${sheet.id}/rows`, admin)).body.rows as {
        name: string
        employees: number
      }[]
      expect(after).toHaveLength(before.length + 1)
      expect(after.find((r) => r.name === '导入测试企业甲')?.employees).toBe(12)
      expect(after.some((r) => r.name === '导入测试企业乙')).toBe(false)
    } finally {
      await context.close()
    }
  })
})
