/**
 * @module routes/userImport
 * `POST /api/users/import` (multipart `file`, `preview=1`) → `{created, updated, rejected:
 * [{row, reasons}], passwords:[{username, password}], rows}` (SPEC §11): `passwords` are the
 * generated ones, answered this once and never stored in clear (the web app offers them as
 * a file to hand out); `rows` each data row's outcome, for the preview table.
 * `GET /api/users/import/template?format=xlsx|csv`, the empty file to fill in. Admins only,
 * within their subtrees (`admin/importUsers`). Audited with the usernames created and the
 * roles added, never a password.
 */
import { Hono } from 'hono'
import { importUsers, USER_COLUMNS } from '../admin/importUsers'
import { importTemplate } from '../admin/importTemplates'
import { adminImportLimit, readUpload } from '../admin/importUpload'
import { requireSomeAdmin } from '../admin/scope'
import { unitTree } from '../auth/unitTree'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { download } from '../http/download'
import { requireAuth } from '../http/requireAuth'

export function userImportRoutes({ store, sessions, audit = () => {} }: AppDeps) {
  const auth = requireAuth({ sessions })
  return new Hono<AppEnv>()
    .get('/import/template', auth, async (c) => {
      requireSomeAdmin(c.get('user'))
      const format = c.req.query('format') === 'csv' ? 'csv' : 'xlsx'
      const file = await importTemplate('users', USER_COLUMNS, format)
      return download(c, file.body, format, file.name)
    })
    .post('/import', auth, adminImportLimit(), async (c) => {
      const user = c.get('user')
      requireSomeAdmin(user)
      const { table, preview, file } = await readUpload(c, USER_COLUMNS)
      const result = await importUsers(store, await unitTree(store), user, table.rows, {
        preview,
      })
      if (!preview) {
        audit({
          userId: user.id,
          action: 'users-import',
          detail: {
            file,
            created: result.rows
              .filter((r) => r.outcome === 'create')
              .map((r) => ({ username: r.username, unitId: r.unitId, roles: r.roles })),
            updated: result.rows
              .filter((r) => r.outcome === 'update')
              .map((r) => ({ username: r.username, unitId: r.unitId, roles: r.roles })),
            rejected: result.rejected.length,
            generatedPasswords: result.passwords.length,
          },
        })
      }
      c.header('Cache-Control', 'no-store')
      return c.json({ ...(preview ? { preview: true } : {}), ...result })
    })
}
