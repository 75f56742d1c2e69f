/**
 * @module routes/sheetState
 * `GET /api/sheets/:id/state` → the bytes of `Y.encodeStateAsUpdate` of the server's live
 * document of a sheet (`application/octet-stream`, never cached). The web app fetches it
 * when it has no local copy of a sheet, before it opens the sync socket: applying one
 * plain download (and storing it as one IndexedDB record) is much cheaper than receiving
 * the whole document as a sync message with the persistence and tab listeners attached,
 * and the sync exchange after it is tiny.
 * Same caller checks as `routes/stateVector.ts` (401 / 403 / 404); mounted beside it:
 *   app.route('/api/sheets', sheetStateRoutes({ sessions, getDoc, checkAccess }))
 */
import { Hono } from 'hono'
import * as Y from 'yjs'
import { requireAuth } from '../auth/middleware'
import type { Sessions } from '../auth/sessions'
import type { AppEnv } from '../http/context'
import type { StateVectorOptions } from './stateVector'

export type SheetStateOptions = StateVectorOptions

export function sheetStateRoutes({ sessions, getDoc, checkAccess }: SheetStateOptions) {
  return new Hono<AppEnv>()
    .use('/:id/state', requireAuth({ sessions: sessions as Sessions }))
    .get('/:id/state', async (c) => {
      const id = c.req.param('id')
      await checkAccess(c.get('user'), id)
      // a fresh array over its own ArrayBuffer (never shared memory)
      const update = Y.encodeStateAsUpdate(await getDoc(id)) as Uint8Array<ArrayBuffer>
      return c.body(update, 200, {
        'Content-Type': 'application/octet-stream',
        'Cache-Control': 'no-store',
      })
    })
}
