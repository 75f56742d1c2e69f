// Templates are data, in Debian Chromium against the real server (SPEC §7): an admin copies
// the built-in 网格台账 in /admin/templates, adds a rule of its own from a preset (employees
// ≥ 30 needs a member), sees the advanced condition editor's Chinese path message for a
// wrong column, previews the findings, publishes, and creates a sheet with the template; then
// a lead opens that sheet, goes offline, reloads, types a row that breaks the custom rule, and
// the finding shows — the template version came from IndexedDB, not the network.
import { ledgerRules } from '@taizhang/schema'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import {
  artifactPath,
  editCell,
  ensureClientBuilt,
  expectCellClass,
  expectConnection,
  launchBrowser,
  openSheet,
  signedInPage,
} from './browser'
import { seedRows } from './seed'

let server: TestServer
let fx: Fixture
let browser: Browser
/** Set by the first test: the published template and the sheet made from it. */
let templateId = ''
let sheetId = ''

const TEMPLATE_NAME = '东街道科技企业台账'
const RULE_MESSAGE = '30人以上企业应有党员'
/** 新经济组织 with 从业人员数 ≥ 30 (the preset's 50 changed through its threshold field). */
const WHEN_WITH_TYPO = {
  all: [
    { op: 'in', left: { col: 'category' }, right: ['非公企业', '个体工商户', '专业市场'] },
    { op: '>=', left: { col: 'employeez' }, right: 50 },
  ],
}

beforeAll(async () => {
  ensureClientBuilt()
  server = await startTestServer()
  fx = await seedFixture(server)
  browser = await launchBrowser()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('templates in the web app (SPEC §7)', { timeout: 180_000 }, () => {
  it('an admin copies the ledger, adds a rule of its own, publishes it and makes a sheet with it', async () => {
    const { context, page } = await signedInPage(browser, server, fx.tokens.admin, {
      width: 1366,
      height: 900,
    })
    try {
      await page.goto('/admin/templates')
      const list = page.getByTestId('template-list')
      await list.locator('tr[data-template-id="ledger"]').waitFor()
      await list
        .locator('tr[data-template-id="ledger"]')
        .getByRole('button', { name: '复制为新表样' })
        .click()

      await page.getByLabel('表样名称').fill(TEMPLATE_NAME)
      await page.getByLabel('所属单位').selectOption({ label: '东街道' })
      await page.getByRole('button', { name: /^规则/ }).click()

      const preset = ledgerRules.find((r) => r.id === 'over50-no-member')!
      await page
        .getByLabel('添加规则')
        .selectOption({ label: `预设：${preset.message.slice(0, 40)}（${preset.id}）` })
      await page.getByRole('button', { name: '添加', exact: true }).click()
      const rule = page.locator('.rules-editor > fieldset.item-card').last()
      await rule.getByLabel('规则标识').fill('tech30-no-member')
      await rule.getByLabel('提示语', { exact: true }).fill(RULE_MESSAGE)

      // the advanced editor: a wrong column is named with its path, in Chinese, as it is typed
      await rule.locator('summary', { hasText: '高级' }).click()
      await rule.getByLabel('满足条件（when）').fill(JSON.stringify(WHEN_WITH_TYPO))
      const ruleIndex = ledgerRules.length // the added rule comes after the copied ones
      await rule
        .locator('.json-field .issue-list', { hasText: `rules[${ruleIndex}].when.all[1].left.col` })
        .waitFor()
      expect(await rule.locator('.json-field .issue-list').first().textContent()).toContain(
        'employeez',
      )
      expect(await page.getByRole('button', { name: '发布' }).isDisabled()).toBe(true)
      const fixed = JSON.parse(JSON.stringify(WHEN_WITH_TYPO).replace('employeez', 'employees'))
      await rule.getByLabel('满足条件（when）').fill(JSON.stringify(fixed))
      await page.getByTestId('draft-valid').waitFor()

      // the seed threshold as a number field: 50 → 30, typed as people do
      await rule.getByLabel('从业人员数 ≥').fill('３０人')
      await page.waitForFunction(() =>
        [...document.querySelectorAll('.rules-editor textarea')].some((t) =>
          (t as HTMLTextAreaElement).value.includes('"right": 30'),
        ),
      )

      // a target on 党的组织覆盖率, so the 汇总 marks units below it
      await page.getByRole('button', { name: /^指标/ }).click()
      const coverage = page.locator('fieldset[data-indicator-id="orgCoverage"]')
      await coverage.getByLabel('目标', { exact: true }).selectOption('>=')
      await coverage.getByLabel('目标值（%）').fill('50')

      // the preview: the sample row with 60 employees and no member raises the new rule
      await page.getByRole('button', { name: /^预览/ }).click()
      await page
        .getByTestId('preview-findings')
        .locator('li[data-rule="tech30-no-member"]')
        .first()
        .waitFor()
      await page.screenshot({ path: artifactPath('templates-preview.png') })

      await page.getByRole('button', { name: '发布', exact: true }).click()
      await page.getByTestId('publish-result').waitFor()

      const listed = await server.api('GET', '/api/templates', fx.tokens.admin)
      const mine = (listed.body.templates as { id: string; name: string; version: number }[]).find(
        (t) => t.name === TEMPLATE_NAME,
      )
      expect(mine?.version).toBe(1)
      templateId = mine!.id
      const stored = await server.api('GET', `/api/templates/${templateId}`, fx.tokens.admin)
      const added = stored.body.definition.rules.find(
        (r: { id: string }) => r.id === 'tech30-no-member',
      )
      expect(added.message).toBe(RULE_MESSAGE)
      expect(added.when.all[1]).toEqual({ op: '>=', left: { col: 'employees' }, right: 30 })
      const target = stored.body.definition.indicators.find(
        (i: { id: string }) => i.id === 'orgCoverage',
      ).target
      expect(target).toEqual({ op: '>=', value: 50 })

      // 新建表格 offers it; the sheet pins its id and version
      await page.goto(`/?unit=${fx.units.gridA1}`)
      await page.getByLabel('模板').selectOption(templateId)
      await page.getByLabel('表格名称').fill('一网格科技企业台账')
      await page.getByRole('button', { name: '新建表格' }).click()
      await page.waitForURL('**/sheets/**')
      sheetId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!)
      await page.locator('.ag-root').waitFor()
      const info = await server.api('GET', `/api/sheets/${sheetId}`, fx.tokens.admin)
      expect(info.body).toMatchObject({ template: templateId, templateVersion: 1 })
    } finally {
      await context.close()
    }
  })

  it('the custom rule fires in the browser offline, from the template version cached with the sheet', async () => {
    expect(sheetId).not.toBe('')
    await seedRows(server, fx.tokens.lead, sheetId, [
      {
        id: 't1',
        name: '测试科技有限公司',
        category: '非公企业',
        employees: 10,
        members: 0,
        probationary: 0,
        orgForm: '未建立',
        instructor: '张指导员',
      },
    ])
    const { context, page } = await signedInPage(browser, server, fx.tokens.lead)
    try {
      await openSheet(page, sheetId, 't1')
      await expectConnection(page, 'online', 0)
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready
      })

      await context.setOffline(true)
      await expectConnection(page, 'offline')
      await page.reload()
      await page.locator('.ag-root').waitFor()
      await expectConnection(page, 'offline')

      // 10 employees: the rule is silent; 35 breaks it (below the built-in 50, so only ours)
      await editCell(page, 't1', 'employees', '35')
      await expectCellClass(page, 't1', 'members', 'tz-cell-warning')
      const finding = page.locator('.findings .finding', { hasText: RULE_MESSAGE })
      await finding.waitFor({ timeout: 10_000 })
      expect(
        await page.locator('.findings .finding', { hasText: '50人以上企业应有党员' }).count(),
      ).toBe(0)
      expect(await page.getByTestId('template-problem').count()).toBe(0)
      await page.screenshot({ path: artifactPath('templates-offline-finding.png') })
    } finally {
      await context.close()
    }
  })

  it('the 汇总 of the template shows its indicators and marks a unit below target', async () => {
    expect(sheetId).not.toBe('')
    const submitted = await server.api('POST', `/api/sheets/${sheetId}/submit`, fx.tokens.lead, {})
    expect(submitted.status).toBe(200)
    const { context, page } = await signedInPage(browser, server, fx.tokens.consolidator)
    try {
      await page.goto(`/units/${fx.units.townA}/summary`)
      await page.getByRole('button', { name: '最新报送（未审核）' }).click()
      await page.getByLabel('其他表样').selectOption({ label: TEMPLATE_NAME })
      const cellOf = page.locator(`td[data-indicator="orgCoverage"][data-row="${fx.units.gridA1}"]`)
      await cellOf.waitFor()
      // 未建立: 0 of 1 organisation covered, below the target of 50 %
      await page.waitForFunction(
        (selector) => document.querySelector(selector)?.classList.contains('below-target'),
        `td[data-indicator="orgCoverage"][data-row="${fx.units.gridA1}"]`,
      )
      expect(await cellOf.textContent()).toContain('未达标')
      expect(await cellOf.textContent()).toContain('0.0%')
      expect(
        await page.locator('th', { hasText: '党的组织覆盖率' }).first().textContent(),
      ).toContain('目标 ≥ 50%')
      await page.screenshot({ path: artifactPath('templates-summary.png'), fullPage: true })
    } finally {
      await context.close()
    }
  })
})
