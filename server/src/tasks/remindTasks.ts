/**
 * @module tasks/remindTasks
 * `remind` tasks (催报, SPEC §8): for a lead or filler, the latest 催报 each of their units
 * received in a round whose sheet is still not submitted (draft, or returned and not
 * resubmitted); once the sheet is submitted the reminder is done and leaves the list.
 */
import { isPastDue, type Task } from '@taizhang/schema'
import type { TaskContext, TaskSource } from './TaskSource'
import { unitsWithRole } from './sheetTasks'

export const remindTasks: TaskSource = {
  kinds: ['remind'],
  async tasks({ user, tree, deps, now }: TaskContext): Promise<Task[]> {
    const { store } = deps
    const units = unitsWithRole(tree, user, ['lead', 'filler'])
    if (units.size === 0) return []
    const latest = new Map<
      string,
      { roundId: string; unitId: string; message: string | null; at: string }
    >()
    for (const r of await store.rounds.remindersFor([...units])) {
      const key = `${r.roundId} ${r.unitId}`
      if (!latest.has(key)) latest.set(key, r)
    }
    if (latest.size === 0) return []
    const roundIds = [...new Set([...latest.values()].map((r) => r.roundId))]
    const roundSheets = await store.rounds.sheetsOf(roundIds)
    const sheetOf = new Map(roundSheets.map((rs) => [`${rs.roundId} ${rs.unitId}`, rs.sheetId]))
    const sheets = new Map(
      (await store.sheets.list([...new Set([...latest.values()].map((r) => r.unitId))])).map(
        (s) => [s.id, s],
      ),
    )
    const tasks: Task[] = []
    for (const [key, reminder] of latest) {
      const sheet = sheets.get(sheetOf.get(key) ?? '')
      if (!sheet || (sheet.status !== 'draft' && sheet.status !== 'returned')) continue
      const round = await store.rounds.byId(reminder.roundId)
      if (!round) continue
      tasks.push({
        kind: 'remind',
        title: `催报：${sheet.title}`,
        unitId: sheet.unitId,
        unitName: tree.get(sheet.unitId)?.name ?? '',
        sheetId: sheet.id,
        roundId: round.id,
        due: round.dueDate,
        overdue: isPastDue(round.dueDate, now),
        status: sheet.status,
        at: reminder.at,
        ...(reminder.message ? { message: reminder.message } : {}),
      })
    }
    return tasks
  },
}
