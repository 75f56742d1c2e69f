/**
 * @module rounds/TasksPanel
 * 待办 on the home page (SPEC §8): what waits for the signed-in person — sheets to fill or fix
 * (with the reason a sheet was returned), sheets to review, 催报 received, due dates near or
 * passed — each one click from its sheet. The list is kept in IndexedDB and shown offline with
 * the time it was last refreshed.
 */
import { TASK_KIND_LABELS, type Task } from '@taizhang/schema'
import { useCachedQuery } from '../hooks/useCachedQuery'
import { navigate, rectificationsHref, sheetHref } from '../hooks/useRoute'
import { fetchTasks } from './roundsApi'

const TASKS_KEY = 'tasks'

const when = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { hour12: false, dateStyle: 'short', timeStyle: 'short' })

function taskHref(t: Task): string {
  // a rectification task also names the scoring sheet it came from: the item comes first
  if (t.itemId) return rectificationsHref(t.unitId, t.itemId)
  if (t.sheetId) return sheetHref(t.sheetId)
  if (t.roundId) return `/rounds/${encodeURIComponent(t.roundId)}`
  return `/?unit=${encodeURIComponent(t.unitId)}`
}

export function TasksPanel() {
  const tasks = useCachedQuery(TASKS_KEY, fetchTasks)
  const list = tasks.data?.tasks ?? []
  return (
    <section className="tasks card" aria-label="待办">
      <div className="tasks-head">
        <h2>待办</h2>
        <span className="muted small" data-testid="tasks-refreshed">
          {tasks.data
            ? `${tasks.offline ? '离线 · ' : ''}上次刷新：${when(tasks.data.fetchedAt)}`
            : tasks.loading
              ? '正在读取…'
              : ''}
        </span>
        <button type="button" onClick={tasks.reload} disabled={tasks.loading}>
          刷新
        </button>
      </div>
      {tasks.error && <p className="error">{tasks.error}</p>}
      {tasks.data && list.length === 0 && <p className="muted">没有待办事项。</p>}
      {!tasks.data && tasks.offline && <p className="muted">离线，且本机没有保存待办。</p>}
      <ul className="task-list">
        {list.map((t, i) => (
          <li key={`${t.kind}:${t.sheetId ?? t.itemId ?? t.roundId}:${i}`} data-kind={t.kind}>
            <a
              href={taskHref(t)}
              onClick={(e) => {
                e.preventDefault()
                navigate(taskHref(t))
              }}
            >
              <span className={`task-kind task-${t.kind}`}>{TASK_KIND_LABELS[t.kind]}</span>
              <span className="task-title">{t.title}</span>
              {t.due && (
                <span className={t.overdue ? 'task-due overdue' : 'task-due muted small'}>
                  {t.overdue ? `已逾期（截止 ${t.due}）` : `截止 ${t.due}`}
                </span>
              )}
              {t.message && <span className="task-message muted small">{t.message}</span>}
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}
