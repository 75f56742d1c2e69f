/**
 * @module routes/tasks
 * `GET /api/me/tasks` → `{tasks:[{kind, title, unitId, sheetId?, roundId?, itemId?, due?,
 * overdue, message?}]}` (SPEC §8): the signed-in user's 待办, gathered from the sources of
 * `tasks/taskSources.ts`.
 */
import type { TasksAnswer } from '@taizhang/schema'
import { Hono } from 'hono'
import { unitTree } from '../auth/unitTree'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { requireAuth } from '../http/requireAuth'
import { collectTasks } from '../tasks/taskSources'

export function taskRoutes(deps: AppDeps) {
  const auth = requireAuth({ sessions: deps.sessions })
  return new Hono<AppEnv>().get('/tasks', auth, async (c) => {
    const tree = await unitTree(deps.store)
    const tasks = await collectTasks({ user: c.get('user'), tree, deps, now: new Date() })
    c.header('Cache-Control', 'no-store')
    return c.json({ tasks } satisfies TasksAnswer)
  })
}
