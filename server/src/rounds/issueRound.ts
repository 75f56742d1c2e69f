/**
 * @module rounds/issueRound
 * Issuing a reporting round (SPEC §8) once the request is checked: one sheet per target unit
 * titled with the unit and the period (幸福社区第一网格 2026年第一季度网格台账), where each
 * starts from is read BEFORE the round exists, the round and its sheets are committed in one
 * transaction (`RoundStore.create`, `RoundExistsError` for a repeat), then the rows are carried
 * forward in chunks (`carryForward.ts`). Used by `POST /api/rounds`, the demo and the bench.
 * Not for: permissions and input checks (routes/rounds.ts).
 */
import { newId, periodLabel } from '@taizhang/schema'
import type { AppDeps } from '../http/deps'
import type { RoundRecord } from '../storage/RoundStore'
import type { Unit } from '../storage/UnitStore'
import { carrySources, writeRoundSheets, type SheetToWrite } from './carryForward'
import type { RoundTemplate } from './roundTemplate'

export interface IssueInput {
  issuer: Unit
  template: RoundTemplate
  period: string
  title?: string | undefined
  dueDate: string
  targets: readonly Unit[]
  carryForward?: boolean
  userId: string | null
}

export interface Issued {
  round: RoundRecord
  sheets: { unitId: string; sheetId: string }[]
  carriedRows: number
}

export async function issueRound(
  deps: Pick<AppDeps, 'store' | 'rooms' | 'docs'>,
  { issuer, template, period, title, dueDate, targets, carryForward = true, userId }: IssueInput,
): Promise<Issued> {
  const label = periodLabel(period)
  const roundId = newId()
  const toWrite: SheetToWrite[] = targets.map((u) => ({
    sheetId: newId(),
    unitId: u.id,
    title: `${u.name} ${label}${template.name}`,
    kind: template.kind,
    templateId: template.id,
    templateVersion: template.version,
  }))
  const sources = carryForward
    ? await carrySources(
        deps,
        { id: roundId, template: template.id, period },
        targets.map((u) => u.id),
        template.kind,
      )
    : new Map<string, string>()
  const round = await deps.store.rounds.create(
    {
      id: roundId,
      unitId: issuer.id,
      template: template.id,
      templateVersion: template.version,
      period,
      title: title ?? `${label}${template.name}`,
      dueDate,
      carryForward,
      createdBy: userId,
    },
    toWrite.map((s) => ({
      id: s.sheetId,
      unitId: s.unitId,
      template: s.kind,
      templateId: s.templateId,
      templateVersion: s.templateVersion,
      title: s.title,
      createdBy: userId,
    })),
  )
  for (const s of toWrite) s.sourceSheetId = sources.get(s.unitId)
  const { carriedRows } = await writeRoundSheets(deps, round, toWrite, template.grid, null)
  return {
    round,
    sheets: toWrite.map((s) => ({ unitId: s.unitId, sheetId: s.sheetId })),
    carriedRows,
  }
}
