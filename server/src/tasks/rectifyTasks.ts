/**
 * @module tasks/rectifyTasks
 * `rectify` tasks (待整改, SPEC §8/§9): for a filler or lead of a responsible unit, every item of
 * that unit still to be worked on — open, in progress, or rejected (back in progress with the
 * reason as the message). Titled with the organisation, e.g. 甲公司 待整改.
 */
import { canWorkOnRectification, isRectificationOverdue, type Task } from '@taizhang/schema'
import type { TaskContext, TaskSource } from './TaskSource'
import { unitsWithRole } from './sheetTasks'

export const rectifyTasks: TaskSource = {
  kinds: ['rectify'],
  async tasks({ user, tree, deps, now }: TaskContext): Promise<Task[]> {
    const units = unitsWithRole(tree, user, ['filler', 'lead'])
    if (units.size === 0) return []
    const items = (await deps.store.rectifications.list({ unitIds: [...units] })).filter(
      (i) =>
        (i.status === 'open' || i.status === 'inProgress') &&
        i.unitId !== null &&
        units.has(i.unitId) &&
        canWorkOnRectification(tree, user, i),
    )
    // the last transition of an item in progress says whether it came back rejected
    const last = new Map<string, { action: string; note: string | null }>()
    const inProgress = items.filter((i) => i.status === 'inProgress').map((i) => i.id)
    for (const e of await deps.store.rectifications.events(inProgress, 50)) {
      if (e.toStatus) last.set(e.itemId, { action: e.action, note: e.note })
    }
    return items.map((item) => {
      const unitName = tree.get(item.unitId!)?.name ?? ''
      const rejected = last.get(item.id)?.action === 'reject'
      const reason = last.get(item.id)?.note
      return {
        kind: 'rectify' as const,
        title: `${item.org || '整改事项'} ${rejected ? '整改被驳回' : '待整改'}`,
        message: rejected ? `驳回原因：${reason ?? ''}` : item.requirement || item.problems,
        unitId: item.unitId!,
        unitName,
        itemId: item.id,
        sheetId: item.sheetId,
        status: rejected ? 'rejected' : item.status,
        ...(item.deadline ? { due: item.deadline } : {}),
        overdue: isRectificationOverdue(item, now),
        at: item.updatedAt,
      }
    })
  },
}
