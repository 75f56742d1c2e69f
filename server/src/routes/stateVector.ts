/**
 * @module routes/stateVector
 * The server's live Yjs state of a sheet, over plain HTTP, for the web app:
 * - `GET /api/sheets/:id/state-vector` → `{sv}`: the base64 of `Y.encodeStateVector`. The
 *   app compares the server's clock for each of its own Yjs client ids with the clock
 *   after each local change, to show how many local changes the server has not confirmed
 *   yet. The answer waits until everything in it is flushed to the disk, so "in the state
 *   vector" means "stored, and safe from a power cut".
 * - `GET /api/sheets/:id/state` → the bytes of `Y.encodeStateAsUpdate`
 *   (`application/octet-stream`). A first open downloads it before opening the sync
 *   socket: applying one plain download (stored as one IndexedDB record) is much cheaper
 *   than receiving the whole document as a sync message with the persistence and tab
 *   listeners attached, and the sync exchange after it is tiny.
 * Both are never cached and answer 401 / 403 / 404 like every sheet route.
 * A small sub-app of its own so it can be mounted beside `routes/sheets.ts`:
 *   app.route('/api/sheets', stateVectorRoutes({
 *     sessions,
 *     getDoc: (id) => rooms.getDoc(id),
 *     requireReadable: (user, id) => readableSheet(store, user, id),
 *   }))
 */
import { Hono } from 'hono'
import * as Y from 'yjs'
import type { Sessions } from '../auth/sessions'
import type { AppEnv } from '../http/context'
import { requireAuth } from '../http/requireAuth'
import type { User } from '../storage/UserStore'

export interface StateVectorOptions {
  sessions: Pick<Sessions, 'authenticate'>
  /** The live document of a sheet (loaded from storage if no room is open). */
  getDoc: (sheetId: string) => Promise<Y.Doc> | Y.Doc
  /** Resolves when every change to the sheet received so far survives a power cut. */
  durable?: (sheetId: string) => Promise<void> | undefined
  /** Throws the API's 404/403 error when the caller may not read the sheet. */
  requireReadable: (user: User, sheetId: string) => Promise<unknown> | unknown
}

export function stateVectorRoutes({
  sessions,
  getDoc,
  durable,
  requireReadable,
}: StateVectorOptions) {
  // per route, not `.use('*')`: an unknown path under /api/sheets stays a 404
  const auth = requireAuth({ sessions: sessions as Sessions })
  const readableDoc = async (user: User, id: string) => {
    await requireReadable(user, id)
    return getDoc(id)
  }
  return new Hono<AppEnv>()
    .get('/:id/state-vector', auth, async (c) => {
      const id = c.req.param('id')
      const doc = await readableDoc(c.get('user'), id)
      // every change in the doc was appended before it was applied: once what was appended
      // so far is flushed, so is everything this state vector covers
      const sv = Y.encodeStateVector(doc)
      await durable?.(id)
      c.header('Cache-Control', 'no-store')
      return c.json({ sv: Buffer.from(sv).toString('base64') })
    })
    .get('/:id/state', auth, async (c) => {
      const doc = await readableDoc(c.get('user'), c.req.param('id'))
      // a fresh array over its own ArrayBuffer (never shared memory)
      const update = Y.encodeStateAsUpdate(doc) as Uint8Array<ArrayBuffer>
      return c.body(update, 200, {
        'Content-Type': 'application/octet-stream',
        'Cache-Control': 'no-store',
      })
    })
}
