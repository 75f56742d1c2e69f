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
 */
import * as encoding from 'lib0/encoding'
import { insertRow, rowsMap, type Row } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { connectSheet, waitFor } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
})
afterAll(async () => {
  await server?.stop()
})

function updateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 2)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

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
})
