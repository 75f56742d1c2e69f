/**
 * @module tests/fuzz/regressions
 * Every crash the fuzzers found, kept as a fixed test against the real server.
 *
 * 1. (sync fuzz) A well-formed Yjs update may put ANY value under `rows` — a string, an
 *    array, a row whose cell is a nested Y.Text. `readRows` called `row.get` on whatever it
 *    found, so one such frame from any writer made GET /api/sheets/:id/rows (and history,
 *    findings, exports) answer 500 for everybody, for good: the update is stored. Fixed in
 *    schema/src/doc/sheetDoc.ts (`rowAt`; readers skip values that are not row maps and
 *    cells that are not plain values).
 * 2. (sync fuzz, CI) A mutated update left the string 'i2' as a row's `_pos`: a string, so
 *    the row reads, but not a fractional-indexing key (an 'i' head needs 9 digits). Every
 *    later insert at the end used it as its neighbour and threw: the web app could not add
 *    a row, the server's import answered 500. Fixed in schema/src/doc/sheetDoc.ts
 *    (`isOrderKey`: only valid keys are used as neighbours).
 */
import { insertRow, rowsMap, type Row } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { connectSheet, updateFrame, waitFor } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
})
afterAll(async () => {
  await server?.stop()
})

/** Send one frame over a raw socket and wait until the server handled it. */
async function sendRaw(sheetId: string, token: string, frame: Uint8Array): Promise<void> {
  const ws = new WebSocket(`${server.wsUrl}/sync/${sheetId}?token=${token}`)
  ws.on('error', () => {})
  await new Promise((resolve) => ws.once('open', resolve))
  ws.send(frame)
  ws.ping()
  await new Promise((resolve) => ws.once('pong', resolve))
  ws.close()
}

const get = (path: string) => server.api('GET', path, fx.tokens.admin)

describe('regressions found by fuzzing', () => {
  it('a non-map value under rows does not break reading the sheet (GET rows, history, findings)', async () => {
    const sheet = fx.sheets.sheetA1
    const client = connectSheet(server.wsUrl, sheet, fx.tokens.lead)
    await client.synced
    insertRow(client.doc, { name: '正常行' }, { id: 'good' })
    await waitFor(async () => (await get(`/api/sheets/${sheet}/rows`)).body.rows?.length === 1, {
      what: 'good row stored',
    })
    client.destroy()

    const hostile = new Y.Doc()
    rowsMap(hostile).set('text-row', 'not a map' as never)
    rowsMap(hostile).set('array-row', new Y.Array() as never)
    const nested = new Y.Map()
    nested.set('name', new Y.Text('嵌套') as never)
    nested.set('_pos', 'zz' as never)
    nested.set('_deleted', false as never)
    rowsMap(hostile).set('nested-row', nested as never)
    await sendRaw(sheet, fx.tokens.filler, updateFrame(Y.encodeStateAsUpdate(hostile)))
    // the write is stored, then applied: wait until the doc holds it
    await waitFor(
      async () => {
        const res = await get(`/api/sheets/${sheet}/rows`)
        return res.status !== 200 || (res.body.rows as Row[]).some((r) => r.id === 'nested-row')
      },
      { what: 'hostile update applied' },
    )

    const check = async () => {
      const rows = await get(`/api/sheets/${sheet}/rows`)
      expect(rows.status).toBe(200)
      const ids = (rows.body.rows as Row[]).map((r) => r.id)
      expect(ids).toContain('good')
      expect(ids).not.toContain('text-row')
      expect(ids).not.toContain('array-row')
      // a nested type is not a cell value: the row is there, its odd cell is not
      const odd = (rows.body.rows as Row[]).find((r) => r.id === 'nested-row')
      expect(odd && 'name' in odd).toBe(false)
      for (const path of [
        `/api/sheets/${sheet}/history?row=text-row&column=name`,
        `/api/sheets/${sheet}/history?row=good&column=name`,
        `/api/sheets/${sheet}/findings`,
        `/api/sheets/${sheet}/conflicts`,
      ]) {
        expect((await get(path)).status, path).toBe(200)
      }
    }
    await check()
    // and from disk, after a kill
    await server.kill('SIGKILL')
    await server.restart()
    await check()
  })

  it('a row whose _pos is not a valid key does not stop inserts at the end or imports', async () => {
    const sheet = fx.sheets.sheetB1
    const hostile = new Y.Doc()
    const bad = new Y.Map()
    bad.set('name', '坏位置' as never)
    bad.set('_pos', 'i2' as never)
    bad.set('_deleted', false as never)
    rowsMap(hostile).set('bad-pos', bad as never)
    await sendRaw(sheet, fx.tokens.admin, updateFrame(Y.encodeStateAsUpdate(hostile)))
    const ids = async () =>
      ((await get(`/api/sheets/${sheet}/rows`)).body.rows as Row[]).map((r) => r.id)
    await waitFor(async () => (await ids()).includes('bad-pos'), { what: 'bad _pos stored' })

    // the web app's insert at the end
    const client = connectSheet(server.wsUrl, sheet, fx.tokens.admin)
    await client.synced
    insertRow(client.doc, { name: '之后新增' }, { id: 'after-bad' })
    await waitFor(async () => (await ids()).includes('after-bad'), { what: 'insert stored' })
    client.destroy()

    // the server's import appends after the last valid key
    const csv = new FormData()
    csv.set(
      'file',
      new Blob(['组织名称,组织类别,从业人员数,组建方式\n导入公司,非公企业,8,未建立\n']),
      'a.csv',
    )
    const imported = await fetch(`${server.url}/api/sheets/${sheet}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fx.tokens.admin}` },
      body: csv,
    })
    expect(imported.status, await imported.clone().text()).toBe(200)
    const names = ((await get(`/api/sheets/${sheet}/rows`)).body.rows as Row[]).map((r) => r.name)
    expect(names).toEqual(expect.arrayContaining(['坏位置', '之后新增', '导入公司']))
    expect(names.indexOf('之后新增')).toBeLessThan(names.indexOf('导入公司'))
  })
})
