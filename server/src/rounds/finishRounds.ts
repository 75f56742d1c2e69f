/**
 * @module rounds/finishRounds
 * At start-up: finish the rounds a stopped server left half written (their register entries
 * are committed at once, their sheets' rows are written afterwards, `carryForward.ts`), so a
 * crash while issuing never leaves a round with empty sheets.
 */
import type { AppDeps } from '../http/deps'
import { carrySources, writeRoundSheets } from './carryForward'
import { roundTemplate } from './roundTemplate'

export async function finishRounds(
  deps: Pick<AppDeps, 'store' | 'rooms' | 'docs'>,
  log: (line: string) => void,
): Promise<void> {
  for (const round of await deps.store.rounds.unfinished()) {
    const template = roundTemplate(round.template)
    const targets = await deps.store.rounds.sheets(round.id)
    const records = new Map(
      (await deps.store.sheets.list(targets.map((t) => t.unitId))).map((s) => [s.id, s]),
    )
    const sources =
      round.carryForward && template
        ? await carrySources(
            deps,
            round,
            targets.map((t) => t.unitId),
            template.kind,
          )
        : new Map<string, string>()
    const sheets = targets.flatMap((t) => {
      const record = records.get(t.sheetId)
      if (!record) return []
      return [
        {
          sheetId: t.sheetId,
          unitId: t.unitId,
          title: record.title,
          kind: record.template,
          templateId: record.templateId,
          templateVersion: record.templateVersion,
          sourceSheetId: sources.get(t.unitId),
        },
      ]
    })
    await writeRoundSheets(deps, round, sheets, template?.grid ?? null, null)
    log(`已补完报送任务「${round.title}」的 ${sheets.length} 张表格`)
  }
}
