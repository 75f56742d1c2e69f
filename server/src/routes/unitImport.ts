/**
 * @module routes/unitImport
 * `POST /api/units/import` (multipart `file`, `preview=1`) → `{created, existing, rejected:
 * [{row, reasons}], rows}` (SPEC §11; `rows`: each data row's path and outcome, for the
 * preview table) and `GET /api/units/import/template?format=xlsx|csv`, the empty file to
 * fill in. Admins only; a row outside the caller's subtrees is rejected (`admin/importUnits`).
 * An import that changed something is audited.
 */
import { Hono } from 'hono'
import { requireSomeAdmin } from '../admin/scope'
import { importUnits, UNIT_COLUMNS } from '../admin/importUnits'
import { importTemplate } from '../admin/importTemplates'
import { adminImportLimit, readUpload } from '../admin/importUpload'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { download } from '../http/download'
import { requireAuth } from '../http/requireAuth'

export function unitImportRoutes({ store, sessions, audit = () => {} }: AppDeps) {
  const auth = requireAuth({ sessions })
  return new Hono<AppEnv>()
    .get('/import/template', auth, async (c) => {
      requireSomeAdmin(c.get('user'))
      const format = c.req.query('format') === 'csv' ? 'csv' : 'xlsx'
      const file = await importTemplate('units', UNIT_COLUMNS, format)
      return download(c, file.body, format, file.name)
    })
    .post('/import', auth, adminImportLimit(), async (c) => {
      const user = c.get('user')
      requireSomeAdmin(user)
      const { table, preview, file } = await readUpload(c, UNIT_COLUMNS)
      const result = await importUnits(store, user, table.rows, { preview })
      if (!preview) {
        audit({
          userId: user.id,
          action: 'units-import',
          detail: {
            file,
            created: result.created,
            existing: result.existing,
            rejected: result.rejected.length,
          },
        })
      }
      return c.json({ ...(preview ? { preview: true } : {}), ...result })
    })
}
