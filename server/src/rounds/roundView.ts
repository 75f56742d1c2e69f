/**
 * @module rounds/roundView
 * A round as `GET /api/rounds` and `GET /api/rounds/:id` answer it (SPEC §8): every target
 * unit the caller may see with its sheet's state, last submit and accept, rows with `error`
 * findings (the board only) and 逾期 — not submitted, or returned and not resubmitted, after
 * the end of the due date in Asia/Shanghai — and the counts per state.
 */
import {
  builtinTemplate,
  isPastDue,
  periodLabel,
  visibleTargets,
  type GridTemplate,
  type RoundCounts,
  type RoundInfo,
  type RoundProgress,
  type UnitTree,
} from '@taizhang/schema'
import type { StoredSheets } from '../consolidation/storedSheets'
import type { DocStore } from '../storage/DocStore'
import type { MetaStore } from '../storage/MetaStore'
import type { RoundRecord } from '../storage/RoundStore'
import type { Unit } from '../storage/UnitStore'
import type { User } from '../storage/UserStore'

export interface RoundViewOptions {
  store: MetaStore
  sheets: StoredSheets
  tree: UnitTree<Unit>
  user: User
  now?: Date
  /** Add `progress` (with rows in error, which reads every sheet). */
  withProgress?: boolean
  /** The update log, to tell 未填报 from 填报中 (`started`). */
  docs?: DocStore | undefined
}

/** The round as the caller may see it; null when they may see none of it. */
export async function roundView(
  round: RoundRecord,
  { store, sheets, tree, user, now = new Date(), withProgress = false, docs }: RoundViewOptions,
): Promise<RoundInfo | null> {
  const all = await store.rounds.sheets(round.id)
  const targets = visibleTargets(tree, user, round, all)
  if (targets.length === 0 && all.length > 0) return null
  const records = new Map(
    (await store.sheets.list(targets.map((t) => t.unitId))).map((s) => [s.id, s]),
  )
  const times = withProgress
    ? await store.rounds.sheetTimes(targets.map((t) => t.sheetId))
    : new Map()
  const reminded = new Map<string, string>()
  if (withProgress) {
    for (const r of await store.rounds.reminders(round.id)) {
      if (!reminded.has(r.unitId)) reminded.set(r.unitId, r.at)
    }
  }
  const pastDue = isPastDue(round.dueDate, now)
  const counts: RoundCounts = { draft: 0, submitted: 0, returned: 0, accepted: 0, overdue: 0 }
  const progress: RoundProgress[] = []
  const grid = builtinTemplate(records.values().next().value?.template ?? 'ledger')
  for (const t of targets) {
    const sheet = records.get(t.sheetId)
    if (!sheet) continue
    counts[sheet.status]++
    const overdue = pastDue && (sheet.status === 'draft' || sheet.status === 'returned')
    if (overdue) counts.overdue++
    let started: boolean | undefined
    if (sheet.status !== 'draft') started = true
    else if (withProgress && docs && t.writtenSeq !== null)
      started = (await docs.lastSeq(t.sheetId)) > t.writtenSeq
    if (started === false) counts.notStarted = (counts.notStarted ?? 0) + 1
    if (!withProgress) continue
    const time = times.get(t.sheetId)
    progress.push({
      unitId: t.unitId,
      unitName: tree.get(t.unitId)?.name ?? '',
      sheetId: t.sheetId,
      status: sheet.status,
      submittedAt: time?.submittedAt ?? null,
      acceptedAt: sheet.status === 'accepted' ? (time?.acceptedAt ?? null) : null,
      overdue,
      errorRows:
        grid.kind === 'report'
          ? 0
          : (await sheets.read(t.sheetId, grid as GridTemplate)).errorRows(),
      remindedAt: reminded.get(t.unitId) ?? null,
      ...(started === undefined ? {} : { started }),
    })
  }
  return {
    id: round.id,
    unitId: round.unitId,
    unitName: tree.get(round.unitId)?.name ?? '',
    template: round.template,
    templateVersion: round.templateVersion,
    period: round.period,
    periodLabel: periodLabel(round.period),
    title: round.title,
    dueDate: round.dueDate,
    createdBy: round.createdBy,
    createdAt: round.createdAt,
    pastDue,
    counts,
    ...(withProgress ? { progress } : {}),
  }
}
