/**
 * @module tasks/reviewTasks
 * `review` tasks (待审核, SPEC §8): for a consolidator, every submitted sheet of a unit strictly
 * below one of their grants — exactly the sheets they may return or accept (schema's
 * `canReturnOrAccept`). Titled with the unit, e.g. 光明社区第一网格 待审核.
 */
import type { Task } from '@taizhang/schema'
import type { TaskContext, TaskSource } from './TaskSource'
import { unitsWithRole } from './sheetTasks'

export const reviewTasks: TaskSource = {
  kinds: ['review'],
  async tasks({ user, tree, deps }: TaskContext): Promise<Task[]> {
    const { store } = deps
    const units = unitsWithRole(tree, user, ['consolidator'], { strictlyBelow: true })
    if (units.size === 0) return []
    const sheets = (await store.sheets.list([...units])).filter((s) => s.status === 'submitted')
    const rounds = await store.rounds.roundsOfSheets(sheets.map((s) => s.id))
    return sheets.map((sheet) => {
      const round = rounds.get(sheet.id)
      const unitName = tree.get(sheet.unitId)?.name ?? ''
      return {
        kind: 'review' as const,
        title: `${unitName} 待审核`,
        message: sheet.title,
        unitId: sheet.unitId,
        unitName,
        sheetId: sheet.id,
        status: sheet.status,
        // the last change of a submitted sheet's register entry is its submit
        at: sheet.updatedAt,
        ...(round ? { roundId: round.id } : {}),
        overdue: false,
      }
    })
  },
}
