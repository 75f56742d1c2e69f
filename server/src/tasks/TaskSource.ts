/**
 * @module tasks/TaskSource
 * One source of the 待办 (`GET /api/me/tasks`, SPEC §8): given the signed-in user, the unit
 * tree and the server's dependencies, the tasks of one kind that wait for that user. Each
 * kind lives in its own module beside this one (`fillTasks.ts`, `reviewTasks.ts` …) and is
 * listed once in `taskSources.ts`; a branch that adds a kind (整改 `rectify`/`verify`) adds a
 * module and a line there, nothing else.
 * Not for: HTTP (routes/tasks.ts) or ordering the list (taskSources.ts).
 */
import type { Task, TaskKind, UnitTree } from '@taizhang/schema'
import type { AppDeps } from '../http/deps'
import type { Unit } from '../storage/UnitStore'
import type { User } from '../storage/UserStore'

export interface TaskContext {
  user: User
  tree: UnitTree<Unit>
  deps: AppDeps
  /** The time every source judges `overdue` by (one per request). */
  now: Date
}

export interface TaskSource {
  /** The kinds this source produces (for the docs and the tests). */
  kinds: readonly TaskKind[]
  tasks(ctx: TaskContext): Promise<Task[]>
}
