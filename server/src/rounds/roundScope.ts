/**
 * @module rounds/roundScope
 * `?round=ID` on the 汇总 and its export (SPEC §8): the round's sheets only, of the round's
 * template, for a caller who may see the round (else 404, as for an unknown id). Without
 * `round` the 汇总 is of the latest period whose rounds of the template reach into the unit
 * (every such round of that period together), so two quarters of one grid are never added up;
 * `round=all`, or a unit no round reaches, counts every sheet as before rounds existed.
 */
import {
  canRead,
  comparePeriods,
  periodLabel,
  visibleTargets,
  type ConsolidationQuery,
  type ConsolidationTemplate,
  type UnitTree,
} from '@taizhang/schema'
import type { ConsolidationScope } from '../consolidation/consolidationService'
import { badRequest, notFound } from '../http/errors'
import type { MetaStore } from '../storage/MetaStore'
import type { RoundRecord } from '../storage/RoundStore'
import type { Unit } from '../storage/UnitStore'
import type { User } from '../storage/UserStore'
import { roundTemplate } from './roundTemplate'

/** The rounds of the latest period of `template` with a target in `unitId`'s subtree. */
export async function latestRoundScope(
  store: MetaStore,
  tree: UnitTree<Unit>,
  unitId: string,
  query: ConsolidationQuery,
): Promise<RoundScoped | null> {
  const rounds = (await store.rounds.listByTemplate(query.template)).filter(
    (r) => roundTemplate(r.template)?.kind === query.template,
  )
  if (rounds.length === 0) return null
  const inside = new Set(tree.subtree(unitId).map((u) => u.id))
  const reaching = new Map<string, string[]>()
  for (const rs of await store.rounds.sheetsOf(rounds.map((r) => r.id))) {
    if (!inside.has(rs.unitId)) continue
    const list = reaching.get(rs.roundId)
    if (list) list.push(rs.sheetId)
    else reaching.set(rs.roundId, [rs.sheetId])
  }
  const candidates = rounds.filter((r) => reaching.has(r.id))
  if (candidates.length === 0) return null
  const latest = candidates.reduce((a, b) => (comparePeriods(b.period, a.period) > 0 ? b : a))
  const samePeriod = candidates.filter((r) => r.period === latest.period)
  return {
    round: latest,
    scope: { sheetIds: new Set(samePeriodSheets(samePeriod, reaching)) },
    query,
    head: {
      id: latest.id,
      period: latest.period,
      periodLabel: periodLabel(latest.period),
      title: latest.title,
    },
  }
}

const samePeriodSheets = (rounds: RoundRecord[], reaching: Map<string, string[]>) =>
  rounds.flatMap((r) => reaching.get(r.id) ?? [])

export interface RoundScoped {
  round: RoundRecord
  scope: ConsolidationScope
  query: ConsolidationQuery
  head: { id: string; period: string; periodLabel: string; title: string }
}

/** The round a query names, checked, with the sheets it scopes the 汇总 to. */
export async function roundScope(
  store: MetaStore,
  tree: UnitTree<Unit>,
  user: User,
  roundId: string,
  query: ConsolidationQuery & { templateGiven?: boolean },
): Promise<RoundScoped> {
  const round = await store.rounds.byId(roundId)
  if (!round) throw notFound('报送任务不存在')
  const targets = await store.rounds.sheets(round.id)
  if (
    !canRead(tree, user, round.unitId) &&
    visibleTargets(tree, user, round, targets).length === 0
  ) {
    throw notFound('报送任务不存在')
  }
  const kind = roundTemplate(round.template)?.kind
  if (kind !== 'ledger' && kind !== 'scoring') throw badRequest('该报送任务没有汇总', 'bad-query')
  if (query.templateGiven && query.template !== kind) {
    throw badRequest('template 与报送任务的表样不一致', 'bad-query')
  }
  return {
    round,
    scope: { sheetIds: new Set(targets.map((t) => t.sheetId)) },
    query: { template: kind as ConsolidationTemplate, state: query.state },
    head: {
      id: round.id,
      period: round.period,
      periodLabel: periodLabel(round.period),
      title: round.title,
    },
  }
}
