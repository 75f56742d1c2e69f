/**
 * @module routes/rounds
 * Reporting rounds (报送任务, SPEC §8) over HTTP:
 *   POST /api/rounds {unitId, template, period, title?, dueDate, units?, carryForward?}
 *     → 201 `{id, sheets:[{unitId, sheetId}]}`; 400 a malformed period or date, a unit outside
 *     the issuer's subtree; 409 `{error, id}` when the unit issued this template and period;
 *   GET /api/rounds?unit=ID → `{rounds}` issued at the unit or below, or reaching into it;
 *   GET /api/rounds/:id → the round with the progress of every target the caller may see;
 *   POST /api/rounds/:id/remind {units?, message?} → `{reminded}` (催报);
 *   GET /api/rounds/:id/compare?with=ROUND_ID[&unit=ID] → `{units, indicators}` (变动情况) and
 *   GET /api/rounds/:id/compare/export?with=…[&unit=] the 变动情况表 xlsx.
 * The round and all its sheets are created in one transaction, then their rows are carried
 * forward in chunks before the answer (`rounds/issueRound.ts`).
 */
import {
  canIssueRound,
  canRead,
  isDueDate,
  isPeriod,
  periodLabel,
  visibleTargets,
  type IssuedRound,
} from '@taizhang/schema'
import { Hono } from 'hono'
import { z } from 'zod'
import { unitTree } from '../auth/unitTree'
import { StoredSheets } from '../consolidation/storedSheets'
import { readBody } from '../http/body'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { ApiError, badRequest, forbidden, notFound } from '../http/errors'
import { requireAuth } from '../http/requireAuth'
import { download, safeFileName } from '../http/download'
import { compareRounds } from '../rounds/compareRounds'
import { issueRound } from '../rounds/issueRound'
import { roundTemplate } from '../rounds/roundTemplate'
import { roundView } from '../rounds/roundView'
import { RoundExistsError } from '../storage/RoundStore'

const RoundBody = z.object({
  unitId: z.string().min(1),
  template: z.string().min(1).max(100),
  period: z.string().max(20),
  title: z.string().trim().min(1).max(200).optional(),
  dueDate: z.string().max(20),
  units: z.array(z.string().min(1)).max(5000).optional(),
  carryForward: z.boolean().optional(),
})

const RemindBody = z.object({
  units: z.array(z.string().min(1)).max(5000).optional(),
  message: z.string().trim().max(500).optional(),
})

const roundExists = (id: string) =>
  new ApiError(409, 'round-exists', '该单位已发布过这一期的报送任务', { id })

export function roundRoutes(deps: AppDeps) {
  const { store, sessions, audit = () => {} } = deps
  const auth = requireAuth({ sessions })
  const sheets = new StoredSheets({ docs: deps.docs, getDoc: (id) => deps.rooms.getDoc(id) })

  /** The round of the path, if the caller may see some of it (else 404, never 403). */
  const visibleRound = async (id: string, user: AppEnv['Variables']['user']) => {
    const round = await store.rounds.byId(id)
    const tree = await unitTree(store)
    if (!round) throw notFound('报送任务不存在')
    const targets = await store.rounds.sheets(round.id)
    if (
      !canRead(tree, user, round.unitId) &&
      visibleTargets(tree, user, round, targets).length === 0
    ) {
      throw notFound('报送任务不存在')
    }
    return { round, tree, targets }
  }

  /** Both rounds of a compare, checked: visible, one template; `unit` in the caller's reach. */
  const comparing = async (
    user: AppEnv['Variables']['user'],
    id: string,
    query: Record<string, string>,
  ) => {
    const { round: to, tree } = await visibleRound(id, user)
    if (!query.with) throw badRequest('需要参数 with（对比的报送任务）', 'missing-query')
    const { round: from } = await visibleRound(query.with, user)
    if (from.template !== to.template) throw badRequest('只能对比同一表样的报送任务', 'bad-query')
    const template = roundTemplate(to.template)?.grid
    if (!template) throw badRequest('该表样不能对比', 'bad-query')
    const unitId = query.unit || undefined
    if (unitId) {
      if (!tree.has(unitId)) throw notFound('单位不存在')
      if (!canRead(tree, user, unitId)) throw forbidden('没有查看该单位的权限')
    }
    const comparison = await compareRounds(
      { store, sheets },
      tree,
      user,
      template,
      to,
      from,
      unitId,
    )
    const unitName = tree.get(unitId ?? to.unitId)?.name ?? ''
    return { comparison, to, from, template, unitName }
  }

  return new Hono<AppEnv>()
    .post('/', auth, async (c) => {
      const body = await readBody(c, RoundBody)
      const user = c.get('user')
      if (!isPeriod(body.period)) {
        throw badRequest('报送期间格式无效，应为 YYYY、YYYY-Hn、YYYY-Qn 或 YYYY-MM', 'bad-period')
      }
      if (!isDueDate(body.dueDate))
        throw badRequest('截止日期格式无效，应为 YYYY-MM-DD', 'bad-date')
      const template = roundTemplate(body.template)
      if (!template) throw badRequest(`没有这个表样：${body.template}`, 'unknown-template')
      const tree = await unitTree(store)
      const issuer = tree.get(body.unitId)
      if (!issuer) throw badRequest('单位不存在', 'unknown-unit')
      if (!canIssueRound(tree, user, issuer.id)) {
        throw forbidden('只有本级及上级单位的组长、审核员或管理员可以发布报送任务')
      }
      const existing = await store.rounds.byKey(issuer.id, template.id, body.period)
      if (existing) throw roundExists(existing.id)

      const subtree = tree.subtree(issuer.id)
      let targets = subtree.filter((u) => u.level === 'grid')
      if (body.units) {
        const inside = new Set(subtree.map((u) => u.id))
        const outside = body.units.filter((id) => !inside.has(id))
        if (outside.length > 0) {
          throw new ApiError(400, 'unit-outside', '报送单位必须在发布单位之下', { units: outside })
        }
        const wanted = new Set(body.units)
        targets = subtree.filter((u) => wanted.has(u.id))
      }
      if (targets.length === 0) throw badRequest('没有可报送的单位', 'no-units')

      let issued
      try {
        issued = await issueRound(deps, {
          issuer,
          template,
          period: body.period,
          title: body.title,
          dueDate: body.dueDate,
          targets,
          carryForward: body.carryForward ?? true,
          userId: user.id,
        })
      } catch (error) {
        if (error instanceof RoundExistsError) throw roundExists(error.roundId)
        throw error
      }
      audit({
        userId: user.id,
        action: 'round-issue',
        detail: {
          roundId: issued.round.id,
          unitId: issuer.id,
          template: template.id,
          period: body.period,
          sheets: issued.sheets.length,
          carriedRows: issued.carriedRows,
        },
      })
      const answer: IssuedRound = { id: issued.round.id, sheets: issued.sheets }
      return c.json(answer, 201)
    })
    .get('/', auth, async (c) => {
      const user = c.get('user')
      const tree = await unitTree(store)
      const unitId = c.req.query('unit')
      let rounds = await store.rounds.list()
      if (unitId) {
        if (!tree.has(unitId)) throw notFound('单位不存在')
        if (!canRead(tree, user, unitId)) throw forbidden('没有查看该单位的权限')
        const below = new Set(tree.subtree(unitId).map((u) => u.id))
        const above = new Set(tree.pathUp(unitId).map((u) => u.id))
        const reaching = new Set(
          (await store.rounds.sheetsOf(rounds.filter((r) => above.has(r.unitId)).map((r) => r.id)))
            .filter((rs) => below.has(rs.unitId))
            .map((rs) => rs.roundId),
        )
        rounds = rounds.filter((r) => below.has(r.unitId) || reaching.has(r.id))
      }
      const views = []
      for (const r of rounds) {
        const view = await roundView(r, { store, sheets, tree, user, docs: deps.docs })
        if (view) views.push(view)
      }
      c.header('Cache-Control', 'no-store')
      return c.json({ rounds: views })
    })
    .get('/:id', auth, async (c) => {
      const user = c.get('user')
      const { round, tree } = await visibleRound(c.req.param('id'), user)
      const view = await roundView(round, {
        store,
        sheets,
        tree,
        user,
        withProgress: true,
        docs: deps.docs,
      })
      if (!view) throw notFound('报送任务不存在')
      c.header('Cache-Control', 'no-store')
      return c.json({
        ...view,
        can: { remind: canIssueRound(tree, user, round.unitId) },
      })
    })
    .get('/:id/compare', auth, async (c) => {
      const { comparison } = await comparing(c.get('user'), c.req.param('id'), c.req.query())
      c.header('Cache-Control', 'no-store')
      return c.json(comparison)
    })
    .get('/:id/compare/export', auth, async (c) => {
      const user = c.get('user')
      const { comparison, to, from, template, unitName } = await comparing(
        user,
        c.req.param('id'),
        c.req.query(),
      )
      const title = `${unitName} ${periodLabel(to.period)}与${periodLabel(from.period)}变动情况表`
      const { writeChangesXlsx } = await import('../export/changesXlsx')
      const bytes = await writeChangesXlsx(comparison, {
        title,
        template,
        indicatorLabels: Object.fromEntries(template.indicators.map((i) => [i.id, i.label])),
      })
      audit({
        userId: user.id,
        action: 'round-compare-export',
        detail: { roundId: to.id, with: from.id },
      })
      return download(c, bytes, 'xlsx', safeFileName(title, 'xlsx'))
    })
    .post('/:id/remind', auth, async (c) => {
      const user = c.get('user')
      const { round, tree, targets } = await visibleRound(c.req.param('id'), user)
      const body = await readBody(c, RemindBody)
      if (!canIssueRound(tree, user, round.unitId)) {
        throw forbidden('只有发布单位的组长、审核员或管理员可以催报')
      }
      let chosen = targets
      if (body.units) {
        const mine = new Set(targets.map((t) => t.unitId))
        const unknown = body.units.filter((u) => !mine.has(u))
        if (unknown.length > 0) {
          throw new ApiError(400, 'not-a-target', '只能催报本任务的报送单位', { units: unknown })
        }
        const wanted = new Set(body.units)
        chosen = targets.filter((t) => wanted.has(t.unitId))
      }
      const records = new Map(
        (await store.sheets.list(chosen.map((t) => t.unitId))).map((s) => [s.id, s]),
      )
      const open = chosen.filter((t) => {
        const status = records.get(t.sheetId)?.status
        return status === 'draft' || status === 'returned'
      })
      const message = body.message || null
      await store.rounds.addReminders(
        open.map((t) => ({ roundId: round.id, unitId: t.unitId, message, by: user.id })),
      )
      audit({
        userId: user.id,
        action: 'round-remind',
        detail: { roundId: round.id, units: open.map((t) => t.unitId), message },
      })
      return c.json({ reminded: open.length })
    })
}
