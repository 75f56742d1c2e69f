// Offline work in the browser (SPEC §4): after one visit the app opens with
// no network from the service worker and IndexedDB; edits made offline survive a reload
// while still offline, and when the network returns the other person and the server
// have every one of them.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wsClient'
import {
  editCell,
  ensureClientBuilt,
  expectCellText,
  expectConnection,
  launchBrowser,
  openSheet,
  signedInPage,
  type SignedIn,
} from './browser'
import { seedRows, serverRows, validLedgerRow } from './seed'

let server: TestServer
let fx: Fixture
let browser: Browser
let a: SignedIn
let b: SignedIn
const ids = Array.from({ length: 25 }, (_, i) => `r${String(i).padStart(2, '0')}`)

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
  a = await signedInPage(browser, server, fx.tokens.lead, { width: 1600, height: 1400 })
  b = await signedInPage(browser, server, fx.tokens.filler, { width: 1600, height: 1400 })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('offline editing', () => {
  it('keeps 20 offline edits through an offline reload and delivers them all when back online', async () => {
    const { page } = a
    await openSheet(page, fx.sheets.sheetA1, ids[0])
    await expectConnection(page, 'online', 0)
    // one visit installs the service worker with the whole app shell precached
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await openSheet(b.page, fx.sheets.sheetA1, ids[0])
    await expectConnection(b.page, 'online')

    await a.context.setOffline(true)
    await expectConnection(page, 'offline')
    const expected = new Map<string, string>()
    for (const [i, id] of ids.slice(0, 20).entries()) {
      const text = `离线修改${i + 1}`
      await editCell(page, id, 'name', text)
      expected.set(id, text)
    }
    await expectConnection(page, 'offline', 20)

    // reload with no network: the shell from the service worker, the data from IndexedDB
    await page.reload()
    await page.locator('.ag-root').waitFor()
    for (const [id, text] of expected) await expectCellText(page, id, 'name', text)
    await expectConnection(page, 'offline', 20)

    for (const id of ids.slice(20)) {
      const text = `重新加载后修改${id}`
      await editCell(page, id, 'name', text)
      expected.set(id, text)
    }
    await expectConnection(page, 'offline', 25)
    // nothing reached the other person while offline
    await expectCellText(b.page, ids[0]!, 'name', '测试企业0')

    await a.context.setOffline(false)
    await expectConnection(page, 'online', 0, 30_000)
    for (const [id, text] of expected) await expectCellText(b.page, id, 'name', text)
    await waitFor(
      async () => {
        const rows = await serverRows(server, fx.tokens.lead, fx.sheets.sheetA1)
        return [...expected].every(([id, text]) => rows.get(id)?.name === text)
      },
      { timeoutMs: 10_000, what: 'every offline edit on the server' },
    )
    const rows = await serverRows(server, fx.tokens.lead, fx.sheets.sheetA1)
    expect(rows.size).toBe(ids.length)
  }, 120_000)

  it('keeps two tabs of one sheet in step, even with no network', async () => {
    const second = await a.context.newPage()
    await openSheet(second, fx.sheets.sheetA1, ids[0])
    await expectConnection(second, 'online', 0)
    await a.context.setOffline(true)
    try {
      await expectConnection(second, 'offline')
      await expectConnection(a.page, 'offline')
      await editCell(a.page, ids[3]!, 'name', '第一个标签页离线修改')
      await expectCellText(second, ids[3]!, 'name', '第一个标签页离线修改')
      await editCell(second, ids[4]!, 'name', '第二个标签页离线修改')
      await expectCellText(a.page, ids[4]!, 'name', '第二个标签页离线修改')
    } finally {
      await a.context.setOffline(false)
    }
    await expectConnection(a.page, 'online', 0, 30_000)
    await expectConnection(second, 'online', 0, 30_000)
    await expectCellText(b.page, ids[4]!, 'name', '第二个标签页离线修改')
    await second.close()
  }, 60_000)

  it('compacts the local update log instead of growing it on every page load', async () => {
    const { page } = a
    const sheetId = fx.sheets.sheetA1
    // Blow the log up to well past the compaction threshold with copies of real updates.
    const before = await page.evaluate(async (sheetId) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('taizhang')
        req.onsuccess = () => resolve(req.result)
        req.onerror = () => reject(req.error)
      })
      const tx = db.transaction('updates', 'readwrite')
      const index = tx.objectStore('updates').index('sheet')
      const records = await new Promise<{ sheetId: string; data: Uint8Array }[]>((resolve) => {
        const req = index.getAll(sheetId)
        req.onsuccess = () => resolve(req.result)
      })
      for (let i = 0; i < 150; i++) tx.objectStore('updates').add(records[i % records.length])
      await new Promise((resolve) => (tx.oncomplete = resolve))
      const count = await new Promise<number>((resolve) => {
        const req = db.transaction('updates').objectStore('updates').index('sheet').count(sheetId)
        req.onsuccess = () => resolve(req.result)
      })
      db.close()
      return count
    }, sheetId)
    expect(before).toBeGreaterThan(150)
    await page.reload()
    await expectCellText(page, ids[0]!, 'name', '离线修改1')
    await expectConnection(page, 'online', 0)
    const after = await page.evaluate(async (sheetId) => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const req = indexedDB.open('taizhang')
        req.onsuccess = () => resolve(req.result)
      })
      const count = await new Promise<number>((resolve) => {
        const req = db.transaction('updates').objectStore('updates').index('sheet').count(sheetId)
        req.onsuccess = () => resolve(req.result)
      })
      db.close()
      return count
    }, sheetId)
    // one merged record, plus whatever arrived from the server since the page opened
    expect(after).toBeLessThan(10)
    for (const id of ids.slice(5, 20)) {
      const n = ids.indexOf(id) + 1
      await expectCellText(page, id, 'name', `离线修改${n}`)
    }
  }, 60_000)
})
