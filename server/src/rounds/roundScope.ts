/**
 * @module rounds/roundScope
 * `?round=ID` on the 汇总 and its export (SPEC §8): the round's sheets only, of the round's
 * template, for a caller who may see the round (else 404, as for an unknown id).
 */
import {
  canRead,
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
