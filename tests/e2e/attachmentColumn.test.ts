// An `attachment` column of a district's own template (SPEC §7, §10) in Debian Chromium against
// the real server: the lead opens a sheet of it, taps the cell's ＋ 照片, adds a photo (scaled
// down and named in the browser), and the cell then holds the photo's id (sha256 of the bytes
// the server stores), which the township's consolidator may read through that sheet.
import { createHash } from 'node:crypto'
import { techDefinition } from '@taizhang/schema/test'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Fixture, TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wsClient'
import { cell, openSheet, signedInPage, startBrowserSuite, stopBrowserSuite } from './browser'
import { seedRows, serverRows } from './seed'

let server: TestServer
let fx: Fixture
let browser: Browser
let sheetId = ''

beforeAll(async () => {
  ;({ server, fx, browser } = await startBrowserSuite())
  const columns = [...techDefinition.columns]
  columns.splice(1, 0, { id: 'signPhoto', label: '六有标识照片', type: 'attachment' } as never)
  const template = await server.api('POST', '/api/templates', fx.tokens.admin, {
    unitId: fx.units.townA,
    kind: 'ledger',
    name: '带照片的台账',
    definition: { ...techDefinition, columns },
  })
  expect(template.status, JSON.stringify(template.body)).toBe(201)
  const sheet = await server.api('POST', '/api/sheets', fx.tokens.admin, {
    unitId: fx.units.gridA1,
    template: template.body.id,
    title: '一网格带照片的台账',
  })
  expect(sheet.status).toBe(201)
  sheetId = sheet.body.id
  await seedRows(server, fx.tokens.lead, sheetId, [{ id: 'r1', name: '有标识的企业' }])
}, 120_000)

afterAll(() => stopBrowserSuite({ server, browser }))

describe('an attachment column', { timeout: 120_000 }, () => {
  it('takes a photo from its cell; the cell holds its id and the server its bytes', async () => {
    const { context, page } = await signedInPage(browser, server, fx.tokens.lead, {
      width: 1366,
      height: 768,
    })
    await openSheet(page, sheetId, 'r1')
    const button = cell(page, 'r1', 'signPhoto').locator('button.tz-attachment-cell')
    await button.waitFor()
    expect(await button.textContent()).toContain('＋ 照片')
    await button.click()
    const dialog = page.getByRole('dialog', { name: '六有标识照片' })
    await dialog.waitFor()
    const jpeg = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(1200, 900)
      const ctx = canvas.getContext('2d')!
      ctx.fillStyle = '#b71c1c'
      ctx.fillRect(0, 0, 1200, 900)
      ctx.fillStyle = '#fff'
      ctx.font = '120px sans-serif'
      ctx.fillText('六有标识', 200, 450)
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })
      const bytes = new Uint8Array(await blob.arrayBuffer())
      let text = ''
      for (const b of bytes) text += String.fromCharCode(b)
      return btoa(text)
    })
    await dialog.locator('input[type="file"]').setInputFiles({
      name: 'IMG_0002.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from(jpeg, 'base64'),
    })
    const thumb = dialog.locator('.photo-thumb[data-attachment-id]').first()
    await thumb.waitFor()
    const id = (await thumb.getAttribute('data-attachment-id'))!
    expect(id).toMatch(/^[0-9a-f]{64}$/)

    // the cell text is the id (stored over sync), and the photo reaches the server
    await waitFor(
      async () => (await serverRows(server, fx.tokens.lead, sheetId)).get('r1')?.signPhoto === id,
      {
        timeoutMs: 20_000,
        what: 'the photo id in the cell on the server',
      },
    )
    await waitFor(
      async () =>
        (
          await fetch(`${server.url}/api/attachments/${id}`, {
            headers: { authorization: `Bearer ${fx.tokens.consolidator}` },
          })
        ).status === 200,
      { timeoutMs: 20_000, what: 'the photo uploaded and readable through the sheet' },
    )
    const res = await fetch(`${server.url}/api/attachments/${id}`, {
      headers: { authorization: `Bearer ${fx.tokens.consolidator}` },
    })
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(id)
    await context.close()
  })
})
