/**
 * @module routes/consolidation
 * A unit's 汇总表 over HTTP (SPEC §2.4, §6.3):
 *   GET /api/units/:id/consolidation?template=ledger|scoring[&state=latest]
 *     → `{units:[{unit, …indicators, unitId, sheets, missing, returned, pending,
 *        errorRows}], total:{…indicators, errorRows}}` (the §6.2 JSON plus extra keys);
 *   `?template=ID` of any other grid template the caller sees (SPEC §7): the indicators of
 *   its latest version over the sheets made from it, `met` per unit and total where it sets
 *   targets, and `indicators` (id, label, kind, values, target) to lay the table out;
 *   GET /api/units/:id/consolidation/drilldown?indicator=ID[&child=UNITID][&part=num|den]
 *       [&star=N][&grade=优秀] → `{rows:[{sheetId, rowId, name, unitId, …cells}]}`;
 *   GET /api/units/:id/consolidation/export?format=xlsx|pdf[&template=scoring] (the 汇总表);
 *   every one of them takes `&round=ID`: that reporting round's sheets only (SPEC §8), and the
 *   export's title names the round's period; without it the latest period's rounds reaching
 *   the unit count (when there are any), `round=all` every sheet.
 * Anyone with a role at the unit or above may read its consolidation (a sibling's
 * user gets 403). The figures are computed in consolidation/consolidationService.
 */
import {
  canRead,
  type ConsolidationQuery,
  type ConsolidationState,
  type UnitTree,
} from '@taizhang/schema'
import { Hono, type Context } from 'hono'
import { unitTree } from '../auth/unitTree'
import { ConsolidationService } from '../consolidation/consolidationService'
import { StoredSheets } from '../consolidation/storedSheets'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { download, safeFileName } from '../http/download'
import { badRequest, forbidden, notFound } from '../http/errors'
import type { Unit } from '../storage/UnitStore'
import { heavyLimit } from '../http/heavyLimit'
import { requireAuth } from '../http/requireAuth'
import { latestRoundScope, roundScope, type RoundScoped } from '../rounds/roundScope'
import { canSeeTemplate } from '../templates/templateAccess'
import { templateRegistry, type LoadedTemplate } from '../templates/TemplateRegistry'

const TITLES = { ledger: '网格台账汇总表', scoring: '督查评分汇总表' } as const

/** `state` of the query string, checked. */
function readState(c: Context): ConsolidationState {
  const state = c.req.query('state') ?? 'accepted'
  if (state !== 'accepted' && state !== 'latest') {
    throw badRequest('state 只能是 accepted 或 latest', 'bad-query')
  }
  return state
}

/** `template` and `state` of the query string, checked (the built-in ledger and scoring). */
function readQuery(c: Context): ConsolidationQuery {
  const template = c.req.query('template') ?? 'ledger'
  if (template !== 'ledger' && template !== 'scoring') {
    throw badRequest('template 只能是 ledger、scoring 或可用表样的编号', 'bad-query')
  }
  return { template, state: readState(c) }
}

export function consolidationRoutes(deps: AppDeps) {
  const { store, sessions, audit = () => {} } = deps
  const service = new ConsolidationService({
    store,
    sheets: new StoredSheets({ docs: deps.docs, getDoc: (id) => deps.rooms.getDoc(id) }),
  })
  const auth = requireAuth({ sessions })
  const heavy = heavyLimit(deps)

  const templates = templateRegistry(store)

  /**
   * `?template=ID` naming a grid template other than the built-in ledger and scoring that the
   * caller sees (a district's, or 五星级 `fiveStar`): its latest version; else null.
   */
  const otherTemplate = async (
    c: Context<AppEnv>,
    tree: UnitTree<Unit>,
  ): Promise<LoadedTemplate | null> => {
    const id = c.req.query('template')
    if (id === undefined || id === 'ledger' || id === 'scoring') return null
    const loaded = id.length <= 64 ? await templates.load(id) : undefined
    const visible =
      loaded &&
      loaded.kind !== 'report' &&
      (loaded.builtIn || canSeeTemplate(tree, c.get('user'), loaded.unitId!))
    if (!loaded || !visible) throw badRequest(`没有这个表样：${id.slice(0, 64)}`, 'bad-query')
    return loaded
  }

  /** The unit of the path, if the caller may read it. */
  const readableUnit = async (
    c: Context<AppEnv>,
  ): Promise<{ tree: UnitTree<Unit>; id: string }> => {
    const tree = await unitTree(store)
    const id = c.req.param('id')!
    if (!tree.has(id)) throw notFound('单位不存在')
    if (!canRead(tree, c.get('user'), id)) throw forbidden('没有查看该单位汇总的权限')
    return { tree, id }
  }

  /**
   * `?round=ID`: the round's sheets only, of its template (SPEC §8); no `round`: the latest
   * period's rounds reaching the unit, if any; `round=all`: every sheet.
   */
  const scoped = async (
    c: Context<AppEnv>,
    tree: UnitTree<Unit>,
    unitId: string,
  ): Promise<{ query: ConsolidationQuery; scoped: RoundScoped | null }> => {
    const query = readQuery(c)
    const roundId = c.req.query('round')
    if (roundId === 'all') return { query, scoped: null }
    if (!roundId) return { query, scoped: await latestRoundScope(store, tree, unitId, query) }
    const s = await roundScope(store, tree, c.get('user'), roundId, {
      ...query,
      templateGiven: c.req.query('template') !== undefined,
    })
    return { query: s.query, scoped: s }
  }

  return new Hono<AppEnv>()
    .get('/:id/consolidation', auth, heavy, async (c) => {
      const { tree, id } = await readableUnit(c)
      const other = await otherTemplate(c, tree)
      if (other) {
        c.header('Cache-Control', 'no-store')
        return c.json(await service.consolidateOther(tree, id, other, readState(c)))
      }
      const { query, scoped: round } = await scoped(c, tree, id)
      const result = await service.consolidate(tree, id, query, round?.scope)
      c.header('Cache-Control', 'no-store')
      return c.json(round ? { ...result, round: round.head } : result)
    })
    .get('/:id/consolidation/drilldown', auth, heavy, async (c) => {
      const { tree, id } = await readableUnit(c)
      const { query, scoped: round } = await scoped(c, tree, id)
      const indicator = c.req.query('indicator')
      if (!indicator) throw badRequest('需要参数 indicator（汇总指标）', 'missing-query')
      const part = c.req.query('part')
      if (part !== undefined && part !== 'num' && part !== 'den') {
        throw badRequest('part 只能是 num 或 den', 'bad-query')
      }
      const rows = await service.drillDown(
        tree,
        id,
        {
          ...query,
          indicator,
          child: c.req.query('child') || undefined,
          part,
          star: c.req.query('star') || undefined,
          grade: c.req.query('grade') || undefined,
        },
        round?.scope,
      )
      c.header('Cache-Control', 'no-store')
      return c.json({ indicator, rows })
    })
    .get('/:id/consolidation/export', auth, heavy, async (c) => {
      const { tree, id } = await readableUnit(c)
      const format = c.req.query('format') ?? 'xlsx'
      if (format !== 'xlsx' && format !== 'pdf') {
        throw badRequest('汇总表只能导出为 xlsx 或 pdf', 'bad-format')
      }
      const other = await otherTemplate(c, tree)
      const { query, scoped: round } = other
        ? { query: { template: 'ledger' as const, state: readState(c) }, scoped: null }
        : await scoped(c, tree, id)
      const result = other
        ? await service.consolidateOther(tree, id, other, query.state)
        : await service.consolidate(tree, id, query, round?.scope)
      // a round's 汇总表 names its period: 2026年第一季度网格台账汇总表
      const base = other
        ? `${other.name}汇总表`
        : `${round?.head.periodLabel ?? ''}${TITLES[result.template as keyof typeof TITLES]}`
      const title = query.state === 'latest' ? `${base}（含未审核数据）` : base
      const options = {
        title,
        unitName: result.unitName,
        rowsWithErrors: result.total.errorRows,
        generatedAt: result.generatedAt,
      }
      // loaded on first export: exceljs and pdfmake would slow every server start
      const bytes =
        format === 'xlsx'
          ? await (
              await import('../export/consolidationXlsx')
            ).writeConsolidationXlsx(result, options)
          : await (
              await import('../export/consolidationPdf')
            ).writeConsolidationPdf(result, options)
      audit({
        userId: c.get('user').id,
        action: 'consolidation-export',
        detail: {
          unitId: id,
          template: result.template,
          state: query.state,
          format,
          ...(round && !other ? { roundId: round.round.id } : {}),
        },
      })
      return download(c, bytes, format, safeFileName(`${result.unitName}${title}`, format))
    })
}
