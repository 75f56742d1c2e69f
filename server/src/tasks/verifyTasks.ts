/**
 * @module tasks/verifyTasks
 * `verify` tasks (待验收, SPEC §8/§9): every submitted rectification item the user may close or
 * reject — as the team lead of its scoring sheet, or as a consolidator above its responsible
 * unit (schema's `canVerifyRectification`). Titled with the organisation, e.g. 甲公司 待验收.
 */
import { canVerifyRectification, isRectificationOverdue, type Task } from '@taizhang/schema'
import type { TaskContext, TaskSource } from './TaskSource'
import { unitsWithRole } from './sheetTasks'

export const verifyTasks: TaskSource = {
  kinds: ['verify'],
  async tasks({ user, tree, deps, now }: TaskContext): Promise<Task[]> {
    const units = new Set([
      ...unitsWithRole(tree, user, ['lead']),
      ...unitsWithRole(tree, user, ['consolidator'], { strictlyBelow: true }),
    ])
    if (units.size === 0) return []
    const items = (
      await deps.store.rectifications.list({ unitIds: [...units], status: 'submitted' })
    ).filter((i) => canVerifyRectification(tree, user, i))
    return items.map((item) => {
      const unitId = item.unitId ?? item.sheetUnitId
      return {
        kind: 'verify' as const,
        title: `${item.org || '整改事项'} 待验收`,
        message: item.progress.slice(0, 200),
        unitId,
        unitName: tree.get(unitId)?.name ?? '',
        itemId: item.id,
        sheetId: item.sheetId,
        status: item.status,
        ...(item.deadline ? { due: item.deadline } : {}),
        overdue: isRectificationOverdue(item, now),
        at: item.updatedAt,
      }
    })
  },
}
