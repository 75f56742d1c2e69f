// The 整改台账 on a phone (SPEC §9, §10), in Debian Chromium against the real server at 390×844:
// the responsible grid's 填报员 opens the unit's items once online; with no network they start
// an item, write 整改情况 and attach a camera photo (scaled down and named in the browser),
// reload — the page, the text and the photo marked 待上传 are still there — and when the network
// returns the server has the text, the photo (its bytes, sha256 = id, no EXIF) and the start.
// Also: the in-browser downscale of a 4000×3000 JPEG gives 2048×1536 (its time: bench/downscale);
// a transition refused on arrival shows the server's reason; the team lead follows the 待验收 task
// and rejects with a reason, which the grid's 待办 then shows, and makes another grid responsible
// from the inspected area's grids; the 汇总 shows 整改完成率 and 逾期数 per
// grid, linked to its 整改台账, whose export downloads the xlsx.
import { createHash } from 'node:crypto'
import { goodLedgerRow, goodScoringRow } from '@taizhang/schema/test'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  seedFixture,
  startTestServer,
  USER_PASSWORD,
  type Fixture,
  type TestServer,
} from '../helpers/server'
import { waitFor } from '../helpers/wsClient'
import { ensureClientBuilt, launchBrowser, signedInPage } from './browser'
import { seedRows } from './seed'

let server: TestServer
let fx: Fixture
let browser: Browser
let itemId = ''
let teamLead = ''
let teamUnit = ''

const PHONE = { width: 390, height: 844 }

beforeAll(async () => {
  ensureClientBuilt()
  server = await startTestServer()
  fx = await seedFixture(server)
  const admin = fx.tokens.admin
  const created = async (path: string, body: unknown, token = admin) => {
    const res = await server.api('POST', path, token, body)
    if (res.status !== 201 && res.status !== 200) {
      throw new Error(`POST ${path} → ${res.status} ${JSON.stringify(res.body)}`)
    }
    return res.body
  }
  // an inspection team under the district, its 组长 scores an organisation of 一网格
  const team = (
    await created('/api/units', {
      name: '第一督查组',
      parentId: fx.units.district,
      level: 'township',
    })
  ).id as string
  await created('/api/users', {
    username: 'teamlead',
    password: USER_PASSWORD,
    displayName: '督查组长',
    grants: [{ unitId: team, role: 'lead' }],
  })
  teamLead = await server.login('teamlead', USER_PASSWORD)
  teamUnit = team
  await seedRows(server, fx.tokens.lead, fx.sheets.sheetA1, [goodLedgerRow({ id: 'L1' })])
  const scoring = (
    await created(
      '/api/sheets',
      { unitId: team, template: 'scoring', title: '督查评分表' },
      teamLead,
    )
  ).id as string
  await seedRows(server, teamLead, scoring, [
    goodScoringRow({
      id: 'S1',
      sign: 1,
      problems: '党组织标识未上墙',
      rectification: '制作并悬挂党组织标牌',
      deadline: '2026-01-15',
    }),
  ])
  const generated = await created('/api/rectifications/generate', { sheetId: scoring }, teamLead)
  expect(generated.created).toBe(1)
  const list = await server.api(
    'GET',
    `/api/rectifications?unit=${fx.units.gridA1}`,
    fx.tokens.filler,
  )
  expect(list.status).toBe(200)
  expect(list.body.items).toHaveLength(1)
  itemId = list.body.items[0].id
  expect(list.body.items[0].unitId).toBe(fx.units.gridA1)
  browser = await launchBrowser()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** A JPEG drawn by the browser itself, with an EXIF segment put in after SOI. */
async function cameraJpeg(page: Page, width: number, height: number): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ({ width, height }) => {
      const canvas = new OffscreenCanvas(width, height)
      const ctx = canvas.getContext('2d')!
      const gradient = ctx.createLinearGradient(0, 0, width, height)
      gradient.addColorStop(0, '#b71c1c')
      gradient.addColorStop(1, '#1565c0')
      ctx.fillStyle = gradient
      ctx.fillRect(0, 0, width, height)
      ctx.fillStyle = '#fff'
      ctx.font = `${Math.round(height / 8)}px sans-serif`
      ctx.fillText('党组织标牌', width / 10, height / 2)
      // sensor noise, so the JPEG is as big as a camera's (a smooth gradient compresses to nothing)
      const image = ctx.getImageData(0, 0, width, height)
      let seed = 12345
      for (let i = 0; i < image.data.length; i += 4) {
        seed = (seed * 1103515245 + 12345) >>> 0
        const n = (seed >>> 24) / 8 - 16
        image.data[i] = image.data[i]! + n
        image.data[i + 1] = image.data[i + 1]! + n
        image.data[i + 2] = image.data[i + 2]! + n
      }
      ctx.putImageData(image, 0, 0)
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })
      const bytes = new Uint8Array(await blob.arrayBuffer())
      let text = ''
      for (const b of bytes) text += String.fromCharCode(b)
      return btoa(text)
    },
    { width, height },
  )
  const jpeg = Buffer.from(base64, 'base64')
  // APP1 "Exif\0\0" with an empty big-endian TIFF IFD: what a camera writes first
  const tiff = Buffer.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0])
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
  const app1 = Buffer.concat([
    Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]),
    payload,
  ])
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)])
}

const itemOnServer = async () =>
  (await server.api('GET', `/api/rectifications/${itemId}`, fx.tokens.filler)).body

describe('整改台账 offline on a phone', () => {
  it('keeps 整改情况, a camera photo and a start made offline through a reload, and delivers them', async () => {
    const { context, page } = await signedInPage(browser, server, fx.tokens.filler, PHONE)
    const href = `/units/${fx.units.gridA1}/rectifications`
    await page.goto(href)
    const row = page.locator(`.rect-list li[data-item-id="${itemId}"]`)
    await row.waitFor()
    expect(await row.locator('.badge-overdue').count()).toBe(1)
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    const photo = await cameraJpeg(page, 1600, 1200)
    expect(photo.includes(Buffer.from('Exif'))).toBe(true)

    await context.setOffline(true)
    await row.locator('.rect-row').click()
    const detail = page.locator(`.rect-detail[data-item-id="${itemId}"]`)
    await detail.waitFor()
    expect(await detail.textContent()).toContain('制作并悬挂党组织标牌')
    await detail.getByRole('button', { name: '开始整改' }).click()
    await detail.getByTestId('queued-actions').filter({ hasText: '开始整改' }).waitFor()
    const text = '已制作党组织标牌并悬挂于活动室门口'
    await detail.locator('textarea[name="progress"]').fill(text)
    await detail.locator('[data-testid="progress-state"][data-state="local"]').waitFor()
    await detail.locator('input[type="file"]').setInputFiles({
      name: 'IMG_0001.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    })
    const thumb = detail.locator('.photo-thumb[data-uploaded="false"]')
    await thumb.waitFor()
    expect(await thumb.textContent()).toContain('待上传')
    await thumb.locator('img').waitFor()
    const photoId = await thumb.getAttribute('data-attachment-id')
    expect(photoId).toMatch(/^[0-9a-f]{64}$/)
    expect(await row.getByTestId('not-uploaded').textContent()).toContain('待上传 1')

    // reload with no network: the shell from the service worker, the item and the work from IndexedDB
    await page.reload()
    await detail.waitFor()
    expect(await detail.locator('textarea[name="progress"]').inputValue()).toBe(text)
    await detail
      .locator(`.photo-thumb[data-attachment-id="${photoId}"][data-uploaded="false"] img`)
      .waitFor()
    await detail.getByTestId('queued-actions').filter({ hasText: '开始整改' }).waitFor()
    // nothing reached the server meanwhile
    const before = await itemOnServer()
    expect(before).toMatchObject({ status: 'open', progress: '', evidence: [] })

    await context.setOffline(false)
    await waitFor(
      async () => {
        const item = await itemOnServer()
        return (
          item.progress === text && item.evidence.includes(photoId) && item.status === 'inProgress'
        )
      },
      { timeoutMs: 30_000, what: '整改情况, the photo and the start on the server' },
    )
    const file = await fetch(`${server.url}/api/attachments/${photoId}`, {
      headers: { Authorization: `Bearer ${fx.tokens.filler}` },
    })
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toContain('image/jpeg')
    const bytes = Buffer.from(await file.arrayBuffer())
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(photoId)
    // re-encoded in the browser: the camera's EXIF (and any position in it) stayed on the phone
    expect(bytes.includes(Buffer.from('Exif'))).toBe(false)
    await detail
      .locator(`.photo-thumb[data-attachment-id="${photoId}"][data-uploaded="true"] img`)
      .waitFor()
    await detail.locator('[data-testid="progress-state"][data-state="synced"]').waitFor()
    // the outbox empties once the last answer is in (a render later on a loaded machine)
    await page.getByTestId('outbox-count').waitFor({ state: 'detached', timeout: 15_000 })
    await context.close()
  }, 120_000)

  it('scales a 4000×3000 JPEG down to 2048×1536 in the browser', async () => {
    const { context, page } = await signedInPage(browser, server, fx.tokens.filler, PHONE)
    await page.goto(`/units/${fx.units.gridA1}/rectifications?item=${itemId}`)
    const detail = page.locator(`.rect-detail[data-item-id="${itemId}"]`)
    await detail.waitFor()
    const big = await cameraJpeg(page, 4000, 3000)
    // offline, so the kept copy stays in IndexedDB to be measured
    await context.setOffline(true)
    await detail.locator('input[type="file"]').setInputFiles({
      name: 'IMG_4000.jpg',
      mimeType: 'image/jpeg',
      buffer: big,
    })
    await detail.locator('.photo-thumb[data-uploaded="false"]').waitFor()
    const kept = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('taizhang')
        req.onsuccess = () => resolve(req.result)
        req.onerror = () => reject(req.error)
      })
      const records = await new Promise<{ id: string; bytes: ArrayBuffer }[]>((resolve) => {
        const req = db.transaction('blobs').objectStore('blobs').getAll()
        req.onsuccess = () => resolve(req.result)
      })
      db.close()
      const out = []
      for (const r of records) {
        const bitmap = await createImageBitmap(new Blob([r.bytes], { type: 'image/jpeg' }))
        out.push({ id: r.id, width: bitmap.width, height: bitmap.height, size: r.bytes.byteLength })
      }
      return out
    })
    expect(kept).toHaveLength(1)
    expect(kept[0]).toMatchObject({ width: 2048, height: 1536 })
    await context.setOffline(false)
    await waitFor(async () => (await itemOnServer()).evidence.includes(kept[0]!.id), {
      timeoutMs: 30_000,
      what: 'the big photo on the server',
    })
    await context.close()
  }, 90_000)
  it('shows the reason when a transition made offline is refused on arrival', async () => {
    const { context, page } = await signedInPage(browser, server, fx.tokens.filler, PHONE)
    await page.goto(`/units/${fx.units.gridA1}/rectifications?item=${itemId}`)
    const detail = page.locator(`.rect-detail[data-item-id="${itemId}"]`)
    await detail.locator('.photo-thumb[data-uploaded="true"] img').first().waitFor()
    await context.setOffline(true)
    await detail.getByRole('button', { name: '提交验收' }).click()
    await detail.getByTestId('queued-actions').filter({ hasText: '提交验收' }).waitFor()
    // meanwhile the grid's 组长 submits it from another device
    const first = await server.api(
      'POST',
      `/api/rectifications/${itemId}/submit`,
      fx.tokens.lead,
      {},
    )
    expect(first.status).toBe(200)
    const again = await server.api(
      'POST',
      `/api/rectifications/${itemId}/submit`,
      fx.tokens.lead,
      {},
    )
    expect(again.status).toBe(409)
    const reason = again.body.error.message as string
    expect(reason).toMatch(/[\u4e00-\u9fff]/)

    await context.setOffline(false)
    const refusal = detail.locator('.rect-refusal')
    await refusal.waitFor({ timeout: 30_000 })
    expect(await refusal.textContent()).toContain(`提交验收未成功：${reason}`)
    expect(await detail.getByTestId('queued-actions').count()).toBe(0)
    await page.locator(`li[data-item-id="${itemId}"] [data-status="submitted"]`).waitFor()
    await refusal.getByRole('button', { name: '知道了' }).click()
    await refusal.waitFor({ state: 'detached' })
    await context.close()
  }, 90_000)

  it("the team lead follows the 待验收 task and rejects with a reason; the grid's 待办 shows it", async () => {
    const { context, page } = await signedInPage(browser, server, teamLead, PHONE)
    await page.goto('/')
    const task = page.locator('.task-list li[data-kind="verify"] a')
    await task.waitFor()
    await task.click()
    await page.waitForURL(new RegExp(`/rectifications\\?item=${itemId}$`))
    const detail = page.locator(`.rect-detail[data-item-id="${itemId}"]`)
    await detail.waitFor()
    expect(await detail.getByRole('button', { name: '销号' }).count()).toBe(1)
    await detail.getByRole('button', { name: '驳回' }).click()
    const dialog = page.getByRole('dialog', { name: '驳回' })
    await dialog.locator('textarea[name="reason"]').fill('照片不清楚，请补拍标牌全貌')
    await dialog.getByRole('button', { name: '驳回' }).click()
    await waitFor(async () => (await itemOnServer()).status === 'inProgress', {
      timeoutMs: 20_000,
      what: 'the rejection on the server',
    })
    const item = await itemOnServer()
    expect(item.events.at(-1)).toMatchObject({
      action: 'reject',
      note: '照片不清楚，请补拍标牌全貌',
    })
    await detail.locator('.rect-events').filter({ hasText: '照片不清楚，请补拍标牌全貌' }).waitFor()
    await context.close()

    const grid = await signedInPage(browser, server, fx.tokens.filler, PHONE)
    await grid.page.goto('/')
    const rectify = grid.page.locator('.task-list li[data-kind="rectify"]')
    await rectify.filter({ hasText: '照片不清楚' }).waitFor()
    await grid.context.close()
  }, 90_000)
  it('the team lead makes another grid responsible, picked from the inspected area', async () => {
    const { context, page } = await signedInPage(browser, server, teamLead, PHONE)
    await page.goto(`/units/${teamUnit}/rectifications?item=${itemId}`)
    const detail = page.locator(`.rect-detail[data-item-id="${itemId}"]`)
    await detail.waitFor()
    await detail.getByRole('button', { name: '更改责任单位' }).click()
    await detail.getByLabel('查找网格').fill('二网格')
    await detail.getByLabel('责任单位').selectOption({ label: '测试区 / 东街道 / 二网格' })
    await detail.getByRole('button', { name: '确定' }).click()
    await detail.locator('dd', { hasText: '二网格' }).waitFor()
    // (一网格's filler no longer reads it: ask as the team lead)
    const moved = await server.api('GET', `/api/rectifications/${itemId}`, teamLead)
    expect(moved.body.unitId).toBe(fx.units.gridA2)
    await context.close()
    // back to 一网格 for the 汇总 below
    const back = await server.api('PATCH', `/api/rectifications/${itemId}`, teamLead, {
      unitId: fx.units.gridA1,
    })
    expect(back.status).toBe(200)
  }, 90_000)

  it('the 汇总 shows 整改完成率 and 逾期数 per grid, one click from its 整改台账, which exports the xlsx', async () => {
    const { context, page } = await signedInPage(browser, server, fx.tokens.consolidator)
    await page.goto(`/units/${fx.units.townA}/summary`)
    const overdue = page.locator(
      `td[data-indicator="rectificationOverdue"][data-row="${fx.units.gridA1}"]`,
    )
    await overdue.waitFor()
    expect(await overdue.textContent()).toBe('1')
    const rate = page.locator(
      `td[data-indicator="rectificationRate"][data-row="${fx.units.gridA1}"]`,
    )
    expect(await rate.textContent()).toContain('（0/1）')
    await rate.locator('a').click()
    await page.waitForURL(`**/units/${fx.units.gridA1}/rectifications`)
    await page.locator(`.rect-list li[data-item-id="${itemId}"] .badge-overdue`).waitFor()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
    await context.close()
  }, 90_000)
})
