/**
 * @module routes/sheetCompare
 * Two sheets of one template compared (SPEC §8): `GET /api/sheets/:id/compare?with=SHEET_ID`
 * → `{units:[{unitId, added, removed, changed}], indicators}` (`with` the earlier sheet), and
 * `GET /api/sheets/:id/compare/export?with=` the 变动情况表 xlsx. The caller must be able to
 * read both sheets.
 */
import { Hono } from 'hono'
import { StoredSheets } from '../consolidation/storedSheets'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { download, safeFileName } from '../http/download'
import { badRequest } from '../http/errors'
import { readableSheet } from '../http/readableSheet'
import { requireAuth } from '../http/requireAuth'
import { templateRegistry } from '../templates/TemplateRegistry'
import { compareSheets } from '../rounds/compareRounds'
import type { User } from '../storage/UserStore'

export function sheetCompareRoutes(deps: AppDeps) {
  const { store, sessions, audit = () => {} } = deps
  const auth = requireAuth({ sessions })
  const sheets = new StoredSheets({ docs: deps.docs, getDoc: (id) => deps.rooms.getDoc(id) })

  const comparing = async (user: User, id: string, withId: string | undefined) => {
    const { sheet: to, tree } = await readableSheet(store, user, id)
    if (!withId) throw badRequest('需要参数 with（对比的表格）', 'missing-query')
    const { sheet: from } = await readableSheet(store, user, withId)
    if (from.templateId !== to.templateId || to.template === 'report') {
      throw badRequest('只能对比同一表样的两张表格', 'bad-query')
    }
    // the columns of the newer sheet's version (SPEC §7)
    const template = (await templateRegistry(store).gridFor(to))!
    const unitName = tree.get(to.unitId)?.name ?? ''
    const comparison = await compareSheets(
      { sheets },
      template,
      { id: to.id, unitId: to.unitId, unitName },
      from,
    )
    return { comparison, to, from, template }
  }

  return new Hono<AppEnv>()
    .get('/:id/compare', auth, async (c) => {
      const { comparison } = await comparing(c.get('user'), c.req.param('id'), c.req.query('with'))
      c.header('Cache-Control', 'no-store')
      return c.json(comparison)
    })
    .get('/:id/compare/export', auth, async (c) => {
      const user = c.get('user')
      const { comparison, to, from, template } = await comparing(
        user,
        c.req.param('id'),
        c.req.query('with'),
      )
      const title = `${to.title}与${from.title}变动情况表`
      const { writeChangesXlsx } = await import('../export/changesXlsx')
      const bytes = await writeChangesXlsx(comparison, {
        title,
        template,
        indicatorLabels: Object.fromEntries(template.indicators.map((i) => [i.id, i.label])),
      })
      audit({
        userId: user.id,
        action: 'sheet-compare-export',
        detail: { sheetId: to.id, with: from.id },
      })
      return download(c, bytes, 'xlsx', safeFileName(title, 'xlsx'))
    })
}
