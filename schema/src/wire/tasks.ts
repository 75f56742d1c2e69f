/**
 * @module wire/tasks
 * The 待办 list (`GET /api/me/tasks`, SPEC §8): what waits for the signed-in user, each item
 * one click from its sheet (or rectification item). The server builds it from one source
 * module per kind (server/src/tasks/); the web app's home page shows it first and keeps the
 * last answer for offline use.
 */

/**
 * `fill` 待填报/待修改: my unit's sheet in draft or returned (in a round, or returned at all);
 * `review` 待审核: a submitted sheet I may return or accept; `remind` 催报 received;
 * `rectify` 待整改 and `verify` 待验收: rectification items (SPEC §9).
 */
export const TASK_KINDS = ['fill', 'review', 'remind', 'rectify', 'verify'] as const
export type TaskKind = (typeof TASK_KINDS)[number]

export const TASK_KIND_LABELS: Record<TaskKind, string> = {
  fill: '待填报',
  review: '待审核',
  remind: '催报',
  rectify: '待整改',
  verify: '待验收',
}

export interface Task {
  kind: TaskKind
  /** What to show, in Chinese, e.g. 光明社区第一网格 待审核. */
  title: string
  unitId: string
  sheetId?: string
  roundId?: string
  /** A rectification item (SPEC §9). */
  itemId?: string
  /** `YYYY-MM-DD`: the round's due date, or the item's deadline. */
  due?: string
  /** Past the end of `due` (Asia/Shanghai) and not done. */
  overdue: boolean
  /** The return reason, the 催报 message … */
  message?: string
  /** The unit's name (the title already says it; for grouping and sorting). */
  unitName?: string
  /** The sheet's status when the task is about a sheet. */
  status?: string
  /** When the task arose (submitted, returned, reminded …), ISO 8601. */
  at?: string
}

export interface TasksAnswer {
  tasks: Task[]
}
