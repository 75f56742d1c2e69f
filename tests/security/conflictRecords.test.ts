/**
 * @module tests/security/conflictRecords
 * Conflict records are the server's: a writer who writes the top-level `conflicts` map over
 * sync (a made-up conflict naming a user of another township, a record that is a plain
 * string) has it undone at once, and nothing of it survives a restart. Records a document
 * stored before that rule may still hold are read safely: malformed ones are skipped (a
 * string once made `GET …/conflicts` answer 500 for good), and authors are named only by id
 * and only when they hold a role on the sheet's unit path (by username, across all users, a
 * filler could read the display names of users in other townships).
 */
import { conflictsMap } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  seedFixture,
  startTestServer,
  USER_PASSWORD,
  type Fixture,
  type TestServer,
} from '../helpers/server'
import { appendToStoredLog } from '../helpers/storedDoc'
import { connectSheet, waitFor } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture
/** A user of the other township (西镇), whose name the grid's users must never see. */
let west: { id: string; username: string }

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
  const created = await server.api('POST', '/api/users', fx.tokens.admin, {
    username: 'westfiller',
    password: USER_PASSWORD,
    displayName: '西镇的秘密姓名',
    grants: [{ unitId: fx.units.gridB1, role: 'filler' }],
  })
  expect(created.status).toBe(201)
  west = { id: created.body.id, username: 'westfiller' }
})
afterAll(() => server?.stop())

const conflictsOf = (sheetId: string, token = fx.tokens.filler) =>
  server.api('GET', `/api/sheets/${sheetId}/conflicts`, token)

const forged = (by: string) => ({
  rowId: 'some-row',
  column: 'name',
  values: [
    { value: '甲', by, at: '2026-01-01T00:00:00.000Z' },
    { value: '乙', by, at: '2026-01-01T00:00:00.000Z' },
  ],
  resolved: false,
})

describe('the conflicts map over sync', () => {
  it('undoes a writer’s records at once, and they do not come back after a restart', async () => {
    const client = connectSheet(server.wsUrl, fx.sheets.sheetA1, fx.tokens.filler)
    await client.synced
    client.doc.transact(() => {
      const map = client.doc.getMap('conflicts')
      map.set('some-row/name', forged(west.username))
      map.set('other-row/name', forged(west.id))
      map.set('broken', 'just a string')
    })
    await waitFor(() => conflictsMap(client.doc).size === 0, { what: 'the server to undo it' })
    const answer = await conflictsOf(fx.sheets.sheetA1)
    expect(answer.status).toBe(200)
    expect(answer.body.conflicts).toEqual([])
    client.destroy()

    await server.restart()
    const again = await conflictsOf(fx.sheets.sheetA1)
    expect(again.status).toBe(200)
    expect(again.body.conflicts).toEqual([])
  })
})

describe('records a document stored before', () => {
  it('skips malformed records and names authors only on the sheet’s unit path', async () => {
    const old = new Y.Doc()
    const map = old.getMap('conflicts')
    map.set('a/name', 'just a string')
    map.set('b/name', { rowId: 'b', column: 'name', values: 'not a list', resolved: false })
    map.set('c/name', forged(west.username))
    map.set('d/name', forged(west.id))
    map.set('e/name', forged(fx.users.filler))
    await server.kill('SIGTERM')
    await appendToStoredLog(server, fx.sheets.sheetA1, Y.encodeStateAsUpdate(old))
    await server.restart()
    const filler = await server.login('filler', USER_PASSWORD)

    const answer = await conflictsOf(fx.sheets.sheetA1, filler)
    expect(answer.status).toBe(200)
    const byKey = new Map(
      (answer.body.conflicts as { rowId: string; values: { byUser: unknown }[] }[]).map((c) => [
        c.rowId,
        c,
      ]),
    )
    expect([...byKey.keys()].sort()).toEqual(['some-row'])
    expect(JSON.stringify(answer.body)).not.toContain('西镇的秘密姓名')
    // three records for one cell key each: 'c', 'd', 'e' all name row 'some-row'
    expect(answer.body.conflicts).toHaveLength(3)
    const names = (answer.body.conflicts as { values: { byUser: { displayName: string } }[] }[])
      .map((c) => c.values[0]!.byUser.displayName)
      .sort()
    expect(names).toEqual(['填报员小王', '未知用户', '未知用户'].sort())
  })
})
