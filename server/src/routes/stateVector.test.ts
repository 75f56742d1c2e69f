// routes/stateVector: the state vector (what the web app's 未同步 count relies on) and the
// whole state (what a first open of a sheet downloads).
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ApiError, forbidden, notFound } from '../http/errors'
import type { AppEnv } from '../http/context'
import type { User } from '../storage/UserStore'
import { stateVectorRoutes } from './stateVector'

const alice = {
  id: 'u1',
  username: 'alice',
  displayName: '张三',
  isAdmin: false,
  grants: [],
} as unknown as User

function build(docs: Map<string, Y.Doc>, durable?: (id: string) => Promise<void>) {
  const app = new Hono<AppEnv>()
  app.route(
    '/api/sheets',
    stateVectorRoutes({
      sessions: { authenticate: async (token) => (token === 'good' ? alice : null) },
      getDoc: (id) => docs.get(id)!,
      durable,
      requireReadable: (_user, id) => {
        if (id === 'secret') throw forbidden('没有查看此表格的权限')
        if (!docs.has(id)) throw notFound('表格不存在')
      },
    }),
  )
  app.onError((error, c) =>
    error instanceof ApiError ? c.json(error.body(), error.status) : c.json({ error: {} }, 500),
  )
  return app
}

const get = (app: Hono<AppEnv>, id: string, token = 'good') =>
  app.request(`/api/sheets/${id}/state-vector`, { headers: { Authorization: `Bearer ${token}` } })

describe('GET /api/sheets/:id/state-vector', () => {
  it("answers the live doc's state vector, covering a client's change once applied", async () => {
    const server = new Y.Doc()
    const client = new Y.Doc()
    client.getMap('rows').set('r1', 'x')
    const app = build(new Map([['s1', server]]))
    const before = Y.decodeStateVector(
      Buffer.from(((await (await get(app, 's1')).json()) as { sv: string }).sv, 'base64'),
    )
    expect(before.get(client.clientID)).toBeUndefined()
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client))
    const response = await get(app, 's1')
    expect(response.status).toBe(200)
    const after = Y.decodeStateVector(
      Buffer.from(((await response.json()) as { sv: string }).sv, 'base64'),
    )
    expect(after.get(client.clientID)).toBe(Y.getState(client.store, client.clientID))
  })

  it('answers only once what it covers is flushed to the disk', async () => {
    let flush: () => void = () => {}
    const flushed = new Promise<void>((resolve) => (flush = resolve))
    const asked: string[] = []
    const app = build(new Map([['s1', new Y.Doc()]]), (id) => (asked.push(id), flushed))
    let answered = false
    const response = Promise.resolve(get(app, 's1')).then((r) => ((answered = true), r))
    await new Promise((r) => setTimeout(r, 50))
    expect(asked).toEqual(['s1'])
    expect(answered).toBe(false)
    flush()
    expect((await response).status).toBe(200)
  })

  it('refuses without a valid token, an unknown sheet and a sheet the caller may not read', async () => {
    const app = build(new Map([['s1', new Y.Doc()]]))
    expect((await get(app, 's1', 'bad')).status).toBe(401)
    expect((await get(app, 'nope')).status).toBe(404)
    expect((await get(app, 'secret')).status).toBe(403)
  })
})

const getState = (app: Hono<AppEnv>, id: string, token = 'good') =>
  app.request(`/api/sheets/${id}/state`, { headers: { Authorization: `Bearer ${token}` } })

describe('GET /api/sheets/:id/state', () => {
  it("answers the live doc's whole state as bytes a fresh doc can apply", async () => {
    const server = new Y.Doc()
    const rows = server.getMap<string>('rows')
    rows.set('r1', '中共示例支部委员会')
    const app = build(new Map([['s1', server]]))
    rows.set('r2', '第二行')

    const response = await getState(app, 's1')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/octet-stream')
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, new Uint8Array(await response.arrayBuffer()))
    expect(fresh.getMap('rows').toJSON()).toEqual({ r1: '中共示例支部委员会', r2: '第二行' })
    expect(Y.encodeStateVector(fresh)).toEqual(Y.encodeStateVector(server))
  })

  it('refuses without a valid token, an unknown sheet and a sheet the caller may not read', async () => {
    const app = build(new Map([['s1', new Y.Doc()]]))
    expect((await getState(app, 's1', 'bad')).status).toBe(401)
    expect((await getState(app, 'nope')).status).toBe(404)
    expect((await getState(app, 'secret')).status).toBe(403)
  })
})
