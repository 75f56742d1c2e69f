// /admin in Debian Chromium against the real server (SPEC §11): a units file and a users
// file imported through the page (preview table first, generated passwords shown once),
// a password reset that the person must change at next login, a disabled user whose other
// browser is connected and is signed out at once, the tabs a township admin sees, no
// admin link for others, and the users list at phone width.
import { writeFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { USER_PASSWORD, type Fixture, type TestServer } from '../helpers/server'
import { artifactPath, signedInPage, startBrowserSuite, stopBrowserSuite } from './browser'

let server: TestServer
let fx: Fixture
let browser: Browser

beforeAll(async () => void ({ server, fx, browser } = await startBrowserSuite()), 120_000)

afterAll(() => stopBrowserSuite({ server, browser }))

describe('/admin', { timeout: 120_000 }, () => {
  it('imports a units file and a users file through the page', async () => {
    const { context, page } = await signedInPage(browser, server, fx.tokens.admin, {
      width: 1366,
      height: 768,
    })
    await page.goto('/')
    await page.getByRole('link', { name: '管理', exact: true }).click()
    await page.waitForURL('**/admin')
    await page.getByRole('tab', { name: '组织机构' }).waitFor()
    for (const tab of ['用户', '表样', '审计日志'])
      await page.getByRole('tab', { name: tab }).waitFor()

    const unitsFile = artifactPath('admin-units.csv')
    writeFileSync(
      unitsFile,
      '\uFEFF区县,乡镇/街道,村/社区,网格\n测试区,南街道,朝阳社区,朝阳社区第一网格\n测试区,南街道,,南街道机关网格\n,南街道,,坏行\n',
    )
    await page.locator('.admin-tree [data-unit-name="测试区"]').waitFor()
    await page.getByRole('button', { name: '导入单位' }).click()
    await page.getByLabel('选择单位文件').setInputFiles(unitsFile)
    await page.getByRole('button', { name: '预览' }).click()
    const preview = page.getByTestId('import-preview')
    await preview.waitFor()
    expect(await preview.getByRole('status').textContent()).toContain('新建 4 个单位')
    expect(await preview.locator('tr.row-rejected').textContent()).toContain('缺少区县')
    await page.getByRole('button', { name: '确认导入' }).click()
    await page.getByTestId('import-result').waitFor()
    await page.locator('.admin-tree [data-unit-name="朝阳社区第一网格"]').waitFor()

    await page.getByRole('tab', { name: '用户' }).click()
    await page.locator('tr[data-username="filler"]').waitFor()
    const usersFile = artifactPath('admin-users.csv')
    writeFileSync(
      usersFile,
      '\uFEFF用户名,姓名,单位,角色,初始密码\nzhaoyang.lead,朝阳组长,南街道/朝阳社区/朝阳社区第一网格,组长,\nzhaoyang.filler,朝阳填报员,朝阳社区第一网格,填报员,Chaoyang-2026\n',
    )
    await page.getByRole('button', { name: '导入用户' }).click()
    await page.getByLabel('选择用户文件').setInputFiles(usersFile)
    await page.getByRole('button', { name: '预览' }).click()
    await page.getByTestId('import-preview').waitFor()
    await page.getByRole('button', { name: '确认导入' }).click()
    const passwords = page.getByTestId('generated-passwords')
    await passwords.waitFor()
    const generated = (await passwords.locator('td.mono').textContent())!.trim()
    expect(generated).toMatch(/^[A-Za-z0-9]{12,}$/)
    await page.locator('tr[data-username="zhaoyang.lead"]').waitFor()
    await page.screenshot({ path: artifactPath('admin-users-1366.png') })

    // the imported lead signs in with the generated password and must choose a new one
    const other = await browser.newContext({ baseURL: server.url })
    const lead = await other.newPage()
    lead.setDefaultTimeout(15_000)
    await lead.goto('/login')
    await lead.getByLabel('用户名').fill('zhaoyang.lead')
    await lead.getByLabel('密码').fill(generated)
    await lead.getByRole('button', { name: '登录' }).click()
    await lead.getByRole('heading', { name: '修改密码' }).waitFor()
    await lead.getByLabel('当前密码').fill(generated)
    await lead.getByLabel('新密码', { exact: true }).fill('12345678')
    expect(await lead.locator('form').textContent()).toContain('太常见')
    await lead.getByLabel('新密码', { exact: true }).fill('my-own-secret-1')
    await lead.getByLabel('再输入一次新密码').fill('my-own-secret-1')
    await lead.getByRole('button', { name: '保存新密码' }).click()
    await lead.locator('.tree-item', { hasText: '朝阳社区第一网格' }).waitFor()
    await other.close()

    // 审计日志: the server filters by action and by user; newest first
    await page.getByRole('tab', { name: '审计日志' }).click()
    await page.getByTestId('audit-verdict').waitFor()
    await page.getByLabel('按操作筛选').selectOption('users-import')
    await page.locator('tr[data-action="users-import"]').first().waitFor()
    expect(
      await page.locator('.audit-table tbody tr:not([data-action="users-import"])').count(),
    ).toBe(0)
    await page.getByLabel('按操作筛选').selectOption('')
    await page.getByLabel('按用户筛选').selectOption({ label: '朝阳组长（zhaoyang.lead）' })
    await page.locator('tr[data-action="password-change"]').first().waitFor()
    await context.close()
  })

  it('resets a password, and disables a user whose other browser is connected', async () => {
    const { context, page } = await signedInPage(browser, server, fx.tokens.unitAdmin)
    // the filler's own browser, on its sheet
    const fillerToken = await server.login('filler', USER_PASSWORD)
    const filler = await signedInPage(browser, server, fillerToken)
    await filler.page.goto(`/sheets/${fx.sheets.sheetA1}`)
    await filler.page.locator('.ag-root').waitFor()
    await filler.page.locator('.conn-online').waitFor({ timeout: 15_000 })

    await page.goto('/admin/users')
    // a township admin: no audit tab, only its township's people
    await page.getByRole('tab', { name: '用户' }).waitFor()
    expect(await page.getByRole('tab', { name: '审计日志' }).count()).toBe(0)
    await page.locator('tr[data-username="lead"]').waitFor()
    expect(await page.locator('tr[data-username="reviewer"]').count()).toBe(0)

    await page.getByLabel('搜索用户').fill('组长')
    await page.locator('tr[data-username="filler"]').waitFor({ state: 'detached' })
    const leadRow = page.locator('tr[data-username="lead"]')
    await leadRow.getByRole('button', { name: '重置密码' }).click()
    await page.getByRole('button', { name: '重置密码' }).last().click()
    const shown = (await page.getByTestId('reset-password').textContent())!.trim()
    expect(shown).toMatch(/^[A-Za-z0-9]{12,}$/)
    await page.getByRole('button', { name: '完成' }).click()
    const login = await server.api('POST', '/api/login', undefined, {
      username: 'lead',
      password: shown,
    })
    expect(login.body.mustChangePassword).toBe(true)

    await page.getByLabel('搜索用户').fill('')
    const fillerRow = page.locator('tr[data-username="filler"]')
    await fillerRow.getByRole('button', { name: '停用' }).click()
    await page.getByRole('button', { name: '确认停用' }).click()
    await fillerRow.locator('.badge-disabled').waitFor()
    // the other browser is signed out at once
    await filler.page.waitForURL(/\/login/, { timeout: 15_000 })
    await filler.context.close()
    await context.close()
  })

  it('offers no admin link to others, and the users list works at phone width', async () => {
    const { context, page } = await signedInPage(browser, server, fx.tokens.consolidator)
    await page.goto('/')
    await page.locator('.tree-item').first().waitFor()
    expect(await page.getByRole('link', { name: '管理', exact: true }).count()).toBe(0)
    await page.goto('/admin')
    await page.getByRole('heading', { name: '没有权限' }).waitFor()
    await context.close()

    const phone = await signedInPage(browser, server, fx.tokens.unitAdmin, {
      width: 375,
      height: 740,
    })
    await phone.page.goto('/admin/users')
    const row = phone.page.locator('tr[data-username="consolidator"]')
    await row.waitFor()
    const box = (await row.getByRole('button', { name: '重置密码' }).boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(375)
    await phone.page.screenshot({ path: artifactPath('admin-users-phone.png') })
    await phone.context.close()
  })
})
