/**
 * @module tests/sync/converge
 * The real server process with stock `y-websocket` providers (SPEC §6.3): several clients
 * editing one sheet at once converge, and so does the stored copy; a client that went
 * offline, edited and came back loses no edit; a late joiner gets the full state; a cell's
 * history and a past state are rebuilt from the attributed log.
 */
import { insertRow, readRows, rowsMap, setCell, type Row } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import { seededServer } from '../helpers/seededServer'
import { waitFor } from '../helpers/wsClient'

const live = seededServer()
const open = live.open

const rowsOnServer = async (sheetId: string, token: string): Promise<Row[]> =>
  (await live.server.api('GET', `/api/sheets/${sheetId}/rows`, token)).body.rows

/** A small seeded PRNG (mulberry32), so a failing run can be repeated. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('sync against the real server', () => {
  it('converges three concurrent editors and the stored sheet, and a late joiner gets it all', async () => {
    const sheet = live.fx.sheets.sheetA1
    const editors = [
      open(sheet, live.fx.tokens.filler),
      open(sheet, live.fx.tokens.lead),
      open(sheet, live.fx.tokens.admin),
    ]
    await Promise.all(editors.map((c) => c.synced))
    const random = prng(42)
    const created: string[] = []
    for (let round = 0; round < 60; round++) {
      const c = editors[Math.floor(random() * editors.length)]!
      const known = [...rowsMap(c.doc).keys()]
      if (known.length === 0 || random() < 0.4) {
        created.push(insertRow(c.doc, { name: `组织${round}`, members: round }))
      } else {
        const rowId = known[Math.floor(random() * known.length)]!
        setCell(c.doc, rowId, 'members', Math.floor(random() * 100))
      }
      if (round % 10 === 0) await new Promise((r) => setTimeout(r, 5))
    }
    await waitFor(() => editors.every((c) => readRows(c.doc).length === created.length), {
      what: 'every editor sees every row',
      timeoutMs: 10_000,
    })
    await waitFor(
      () => {
        const first = JSON.stringify(readRows(editors[0]!.doc))
        return editors.every((c) => JSON.stringify(readRows(c.doc)) === first)
      },
      { what: 'editors converge', timeoutMs: 10_000 },
    )
    expect(await rowsOnServer(sheet, live.fx.tokens.lead)).toEqual(readRows(editors[0]!.doc))
    const late = open(sheet, live.fx.tokens.consolidator)
    await late.synced
    expect(readRows(late.doc)).toEqual(readRows(editors[0]!.doc))
  })

  it('merges a client that went offline and edited, with no edit lost on either side', async () => {
    const sheet = live.fx.sheets.sheetA2
    const a = open(sheet, live.fx.tokens.consolidator)
    const b = open(sheet, live.fx.tokens.admin)
    await Promise.all([a.synced, b.synced])
    const row = insertRow(a.doc, { name: '甲组织', members: 3 })
    await waitFor(() => readRows(b.doc).length === 1, { what: 'b sees the row' })
    b.provider.disconnect()
    setCell(b.doc, row, 'phone', '13800000000')
    const offlineRow = insertRow(b.doc, { name: '离线新增组织' })
    setCell(a.doc, row, 'members', 5)
    insertRow(a.doc, { name: '在线新增组织' })
    b.provider.connect()
    await waitFor(() => readRows(a.doc).length === 3 && readRows(b.doc).length === 3, {
      what: 'both see 3 rows',
    })
    await waitFor(() => JSON.stringify(readRows(a.doc)) === JSON.stringify(readRows(b.doc)), {
      what: 'a and b converge',
    })
    const merged = readRows(a.doc)
    expect(merged.find((r) => r.id === row)).toMatchObject({ phone: '13800000000', members: 5 })
    expect(merged.some((r) => r.id === offlineRow)).toBe(true)
    await waitFor(
      async () =>
        JSON.stringify(await rowsOnServer(sheet, live.fx.tokens.admin)) === JSON.stringify(merged),
      { what: 'stored copy converges' },
    )
  })

  it('answers who changed a cell, and the sheet as of a past time, from the log', async () => {
    const sheet = live.fx.sheets.sheetB1
    const a = open(sheet, live.fx.tokens.admin)
    await a.synced
    const row = insertRow(a.doc, { name: '旧名称' })
    await waitFor(async () => (await rowsOnServer(sheet, live.fx.tokens.admin)).length === 1, {
      what: 'stored',
    })
    await new Promise((r) => setTimeout(r, 20))
    const between = new Date()
    await new Promise((r) => setTimeout(r, 20))
    setCell(a.doc, row, 'name', '新名称')
    await waitFor(
      async () => (await rowsOnServer(sheet, live.fx.tokens.admin))[0]?.name === '新名称',
      {
        what: 'renamed',
      },
    )
    const { status, body } = await live.server.api(
      'GET',
      `/api/sheets/${sheet}/history?row=${row}&column=name`,
      live.fx.tokens.admin,
    )
    expect(status).toBe(200)
    expect(
      body.history.map((h: { from: unknown; to: unknown; by: { username: string } }) => [
        h.from,
        h.to,
        h.by.username,
      ]),
    ).toEqual([
      [null, '旧名称', 'admin'],
      ['旧名称', '新名称', 'admin'],
    ])
    const past = await live.server.api(
      'GET',
      `/api/sheets/${sheet}/rows?at=${encodeURIComponent(between.toISOString())}`,
      live.fx.tokens.admin,
    )
    expect(past.body.rows.map((r: Row) => r.name)).toEqual(['旧名称'])
  })
})
