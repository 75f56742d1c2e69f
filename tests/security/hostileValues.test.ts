/**
 * @module tests/security/hostileValues
 * Values any writer can put into a sheet that must not break reading it for everybody: a
 * title with an emoji where the export's file name is cut (encoding a half emoji throws, and
 * every export would answer 500), a title with an unpaired UTF-16 surrogate, and cells keyed
 * `id` or `__proto__` (an `id` cell must not replace the row's id in `GET …/rows`, or the
 * row could not be addressed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { connectSheet, waitFor } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture
beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
})
afterAll(() => server?.stop())

/** The file name of a download, from its RFC 5987 `filename*`. */
const downloadName = (headers: Headers) =>
  decodeURIComponent((headers.get('content-disposition') ?? '').split("UTF-8''")[1] ?? '')

const hasLoneSurrogate = (text: string) =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)

async function exportOf(sheetId: string, format: string) {
  const res = await fetch(`${server.url}/api/sheets/${sheetId}/export?format=${format}`, {
    headers: { authorization: `Bearer ${fx.tokens.lead}` },
  })
  await res.arrayBuffer()
  return { status: res.status, name: downloadName(res.headers) }
}

describe('sheet titles in export file names', () => {
  it('exports a sheet whose title has an emoji across the 120th character', async () => {
    // the title holds the unit name, so the file name is the title itself; the emoji's two
    // UTF-16 halves are the 120th and 121st units
    const title = '一网格' + '台'.repeat(116) + '😀' + '尾'
    const created = await server.api('POST', '/api/sheets', fx.tokens.lead, {
      unitId: fx.units.gridA1,
      template: 'ledger',
      title,
    })
    expect(created.status).toBe(201)
    for (const format of ['xlsx', 'csv', 'pdf']) {
      const { status, name } = await exportOf(created.body.id, format)
      expect(status, format).toBe(200)
      expect(name.endsWith(`.${format}`), name).toBe(true)
      // whole characters only, and a name every file system takes
      expect(hasLoneSurrogate(name), name).toBe(false)
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255)
      expect(title.startsWith(name.slice(0, -(format.length + 1)))).toBe(true)
    }
  })

  it('exports a sheet whose title carries an unpaired surrogate', async () => {
    const created = await server.api(
      'POST',
      '/api/sheets',
      fx.tokens.lead,
      // sent as JSON text so the lone \ud83d survives the request
      `{"unitId":"${fx.units.gridA1}","template":"ledger","title":"坏标题\\ud83d台账"}`,
    )
    expect(created.status).toBe(201)
    const { status, name } = await exportOf(created.body.id, 'csv')
    expect(status).toBe(200)
    expect(hasLoneSurrogate(name)).toBe(false)
    expect(name.startsWith('一网格坏标题') && name.endsWith('台账.csv'), name).toBe(true)
  })
})

describe('cells keyed like row fields', () => {
  it('a cell named id or __proto__ never replaces the row id in GET …/rows', async () => {
    const client = connectSheet(server.wsUrl, fx.sheets.sheetA1, fx.tokens.lead)
    await client.synced
    const rowId = 'row-with-forged-keys'
    client.doc.transact(() => {
      const row = new Y.Map<unknown>()
      row.set('name', '键名测试有限公司')
      row.set('id', 'forged-id')
      row.set('__proto__', 'forged-prototype')
      row.set('_pos', 'a0')
      row.set('_deleted', false)
      client.doc.getMap('rows').set(rowId, row)
    })
    let rows: Record<string, unknown>[] = []
    await waitFor(
      async () => {
        const res = await server.api('GET', `/api/sheets/${fx.sheets.sheetA1}/rows`, fx.tokens.lead)
        rows = res.body.rows
        return rows.some((r) => r.name === '键名测试有限公司')
      },
      { what: 'the row on the server' },
    )
    const row = rows.find((r) => r.name === '键名测试有限公司')!
    expect(row.id).toBe(rowId)
    expect(Object.keys(row).sort()).toEqual(['id', 'name'])
    expect(rows.some((r) => r.id === 'forged-id')).toBe(false)
    client.destroy()
  })
})
