/**
 * @module tasks/taskSources
 * The 待办 of a user (`GET /api/me/tasks`, SPEC §8): every registered source asked in turn,
 * the answers put in one order — overdue first, then by due date (nearest first, none last),
 * then by kind (a sheet to review or fix before a 催报 about it), then the oldest first.
 * A source that fails is logged and left out: one broken kind must not empty the list.
 */
import type { Task } from '@taizhang/schema'
import { fillTasks } from './fillTasks'
import { rectifyTasks } from './rectifyTasks'
import { remindTasks } from './remindTasks'
import { reviewTasks } from './reviewTasks'
import { verifyTasks } from './verifyTasks'
import type { TaskContext, TaskSource } from './TaskSource'

/** Every task source; a new kind adds its module here. */
export const TASK_SOURCES: readonly TaskSource[] = [
  reviewTasks,
  fillTasks,
  rectifyTasks,
  verifyTasks,
  remindTasks,
]

export async function collectTasks(
  ctx: TaskContext,
  sources: readonly TaskSource[] = TASK_SOURCES,
): Promise<Task[]> {
  const tasks: Task[] = []
  for (const source of sources) {
    try {
      tasks.push(...(await source.tasks(ctx)))
    } catch (error) {
      console.error(`待办来源 ${source.kinds.join('/')} 出错：`, error)
    }
  }
  return tasks.sort(compareTasks)
}

/** Of two tasks equally due: work on a sheet before the 催报 about it. */
const KIND_ORDER: readonly Task['kind'][] = ['review', 'fill', 'rectify', 'verify', 'remind']

function compareTasks(a: Task, b: Task): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1
  if (a.due !== b.due) {
    if (!a.due) return 1
    if (!b.due) return -1
    return a.due < b.due ? -1 : 1
  }
  const ka = KIND_ORDER.indexOf(a.kind)
  const kb = KIND_ORDER.indexOf(b.kind)
  if (ka !== kb) return ka - kb
  const at = a.at ?? ''
  const bt = b.at ?? ''
  return at < bt ? -1 : at > bt ? 1 : 0
}
