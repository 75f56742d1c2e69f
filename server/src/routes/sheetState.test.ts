// The whole-state route (routes/sheetState): what a first open of a sheet downloads.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ApiError, forbidden, notFound } from '../http/errors'
import type { AppEnv } from '../http/context'
import type { User } from '../storage/users'
import { sheetStateRoutes } from './sheetState'

const alice = {
  id: 'u1',
  username: 'alice',
  displayName: '张三',
  isAdmin: false,
  grants: [],
} as unknown as User

function build(docs: Map<string, Y.Doc>) {
  const app = new Hono<AppEnv>()
  app.route(
    '/api/sheets',
    sheetStateRoutes({
      sessions: { authenticate: async (token) => (token === 'good' ? alice : null) },
      getDoc: (id) => docs.get(id)!,
      checkAccess: (_user, id) => {
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
  app.request(`/api/sheets/${id}/state`, { headers: { Authorization: `Bearer ${token}` } })

describe('GET /api/sheets/:id/state', () => {
  it("answers the live doc's whole state as bytes a fresh doc can apply", async () => {
    const server = new Y.Doc()
    const rows = server.getMap<string>('rows')
    rows.set('r1', '中共示例支部委员会')
    const app = build(new Map([['s1', server]]))
    rows.set('r2', '第二行')

    const response = await get(app, 's1')
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
    expect((await get(app, 's1', 'bad')).status).toBe(401)
    expect((await get(app, 'nope')).status).toBe(404)
    expect((await get(app, 'secret')).status).toBe(403)
  })
})
