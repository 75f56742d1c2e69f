// The sheet's identity and workflow state in the doc's meta (template, unitId, status,
// schemaVersion) are the server's: a client that forges them over sync (e.g. writes
// status "accepted" to lock a sheet, or another template to silence the rules) sees its
// value replaced by the server at once, and nothing of it survives a restart.
import { insertRow, readMeta } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { connectSheet, waitFor } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture
beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
})
afterAll(() => server?.stop())

describe('server-owned meta keys', () => {
  it('restores forged template/status/unitId and keeps the sheet writable', async () => {
    const client = connectSheet(server.wsUrl, fx.sheets.sheetA1, fx.tokens.filler)
    await client.synced
    const before = readMeta(client.doc)
    expect(before.template).toBe('ledger')

    client.doc.transact(() => {
      const meta = client.doc.getMap('meta')
      meta.set('status', 'accepted')
      meta.set('template', 'report')
      meta.set('unitId', fx.units.gridB1)
      meta.set('title', '改过的标题') // not guarded: ordinary collaborative data
    })
    await waitFor(() => readMeta(client.doc).template === 'ledger', { what: 'server correction' })
    const after = readMeta(client.doc)
    expect(after.status).toBe(before.status)
    expect(after.unitId).toBe(before.unitId)
    expect(after.title).toBe('改过的标题')

    await server.restart()
    const sheet = await server.api('GET', `/api/sheets/${fx.sheets.sheetA1}`, fx.tokens.filler)
    expect(sheet.body.status).toBe('draft')
    // still writable after a restart (the forged "accepted" did not lock it)
    const again = connectSheet(server.wsUrl, fx.sheets.sheetA1, fx.tokens.filler)
    await again.synced
    expect(readMeta(again.doc).template).toBe('ledger')
    insertRow(again.doc, { name: '写入测试有限公司' })
    await waitFor(
      async () => {
        const rows = await server.api(
          'GET',
          `/api/sheets/${fx.sheets.sheetA1}/rows`,
          fx.tokens.filler,
        )
        return rows.body.rows.some((r: { name?: string }) => r.name === '写入测试有限公司')
      },
      { what: 'row stored' },
    )
    expect(again.denied).toEqual([])
    client.destroy()
    again.destroy()
  })
})
