/**
 * @module tasks/fillTasks
 * `fill` tasks (待填报 / 待修改, SPEC §8): for a lead or filler, the sheets of their units that
 * wait for them — draft sheets of a reporting round (with its due date) and every returned
 * sheet (with the reason it was returned for). A draft sheet made by hand outside a round is
 * ordinary work in progress, not a task.
 */
import { isPastDue, type Task } from '@taizhang/schema'
import type { TaskContext, TaskSource } from './TaskSource'
import { unitsWithRole } from './sheetTasks'

export const fillTasks: TaskSource = {
  kinds: ['fill'],
  async tasks({ user, tree, deps, now }: TaskContext): Promise<Task[]> {
    const { store } = deps
    const units = unitsWithRole(tree, user, ['lead', 'filler'])
    if (units.size === 0) return []
    const sheets = (await store.sheets.list([...units])).filter(
      (s) => s.status === 'draft' || s.status === 'returned',
    )
    const rounds = await store.rounds.roundsOfSheets(sheets.map((s) => s.id))
    const tasks: Task[] = []
    for (const sheet of sheets) {
      const round = rounds.get(sheet.id)
      if (sheet.status === 'draft' && !round) continue
      const unitName = tree.get(sheet.unitId)?.name ?? ''
      let message: string | undefined
      let at = sheet.updatedAt
      if (sheet.status === 'returned') {
        const returned = (await store.events.list(sheet.id))
          .filter((e) => e.action === 'return')
          .pop()
        if (returned?.reason) message = returned.reason
        if (returned) at = returned.at
      }
      tasks.push({
        kind: 'fill',
        title: `${sheet.title} ${sheet.status === 'returned' ? '已退回，待修改' : '待填报'}`,
        unitId: sheet.unitId,
        unitName,
        sheetId: sheet.id,
        status: sheet.status,
        at,
        ...(round ? { roundId: round.id, due: round.dueDate } : {}),
        overdue: round ? isPastDue(round.dueDate, now) : false,
        ...(message ? { message } : {}),
      })
    }
    return tasks
  },
}
