/**
 * @module routes/stateVector
 * `GET /api/sheets/:id/state-vector` → `{sv}`: the base64 of `Y.encodeStateVector` of
 * the server's live document of a sheet. The web app compares the server's clock for
 * each of its own Yjs client ids with the clock after each local change, to show how
 * many local changes the server has not confirmed yet (the relay writes an update to
 * disk before relaying it, so "in the state vector" means "stored").
 * A small sub-app of its own so it can be mounted beside `routes/sheets.ts`:
 *   app.route('/api/sheets', stateVectorRoutes({
 *     sessions,
 *     getDoc: (id) => rooms.getDoc(id),
 *     checkAccess: (user, id) => readableSheet(store, user, id),
 *   }))
 */
import { Hono } from 'hono'
import * as Y from 'yjs'
import { requireAuth } from '../auth/middleware'
import type { Sessions } from '../auth/sessions'
import type { AppEnv } from '../http/context'
import type { User } from '../storage/users'

export interface StateVectorOptions {
  sessions: Pick<Sessions, 'authenticate'>
  /** The live document of a sheet (loaded from storage if no room is open). */
  getDoc: (sheetId: string) => Promise<Y.Doc> | Y.Doc
  /** Throws the API's 404/403 error when the caller may not read the sheet. */
  checkAccess: (user: User, sheetId: string) => Promise<unknown> | unknown
}

export function stateVectorRoutes({ sessions, getDoc, checkAccess }: StateVectorOptions) {
  return new Hono<AppEnv>()
    .use('/:id/state-vector', requireAuth({ sessions: sessions as Sessions }))
    .get('/:id/state-vector', async (c) => {
      const id = c.req.param('id')
      await checkAccess(c.get('user'), id)
      const sv = Y.encodeStateVector(await getDoc(id))
      c.header('Cache-Control', 'no-store')
      return c.json({ sv: Buffer.from(sv).toString('base64') })
    })
}
