/**
 * @module rectify/RectificationsPage
 * 整改台账 of a unit (`/units/:id/rectifications[?item=ID]`, SPEC §9): the items of the unit and
 * the units below it (and a team's own findings, `fetchUnitRectifications`), filtered by state, 逾期 and 督查组, overdue first with 逾期 marked; each
 * opens in place (`ItemDetail`). Made for a phone: one column, the camera one tap away. The
 * list is kept in IndexedDB (`useCachedQuery`) and the app shell by the service worker, so the
 * page opens with no network; what the person does offline sits in the outbox and is shown
 * over the stored items (待上传, 待同步) until the server has it. 导出 downloads the 整改台账 xlsx.
 */
import {
  RECTIFICATION_STATUS_LABELS,
  RECTIFICATION_STATUSES,
  UnitTree,
  type RectificationItem,
  type RectificationStatus,
  type Unit,
} from '@taizhang/schema'
import { useEffect, useMemo, useState } from 'react'
import { errorMessage } from '../api/client'
import { fetchUnits } from '../api/endpoints'
import { downloadFromServer } from '../export/download'
import { useCachedQuery } from '../hooks/useCachedQuery'
import { navigate, rectificationsHref } from '../hooks/useRoute'
import { useSession } from '../hooks/useSession'
import { pendingView } from '../outbox/entries'
import { onServerItem } from '../outbox/flushOutbox'
import { onFlushed, useOutbox } from '../outbox/useOutbox'
import { cacheKeys, getCached, setCached } from '../sync/localStore'
import { ItemDetail } from './ItemDetail'
import { filterItems, isOverdue, NO_FILTER, teamsOf, type ItemFilter } from './itemFilters'
import { fetchUnitRectifications, rectificationsExportPath } from './rectifyApi'
import './rectify.css'

/** The listed items, each replaced by a newer answer of the server when there is one. */
function newest(
  listed: readonly RectificationItem[],
  fresh: ReadonlyMap<string, RectificationItem>,
): RectificationItem[] {
  return listed.map((item) => {
    const answer = fresh.get(item.id)
    return answer && answer.updatedAt >= item.updatedAt ? answer : item
  })
}

async function replaceCachedItem(key: string, item: RectificationItem): Promise<void> {
  const cached = await getCached<RectificationItem[]>(key)
  if (cached?.some((i) => i.id === item.id)) {
    await setCached(
      key,
      cached.map((i) => (i.id === item.id ? item : i)),
    )
  }
}

export function RectificationsPage({ unitId, itemId }: { unitId: string; itemId: string | null }) {
  const { user } = useSession()
  const units = useCachedQuery<Unit[]>(cacheKeys.units, fetchUnits)
  const items = useCachedQuery<RectificationItem[]>(cacheKeys.rectifications(unitId), () =>
    fetchUnitRectifications(unitId, user),
  )
  const outbox = useOutbox(user?.id)
  const [filter, setFilter] = useState<ItemFilter>(NO_FILTER)
  const [exportError, setExportError] = useState<string | null>(null)
  const { reload } = items
  // The server's answers to what the outbox sent replace the stored copies at once (and in
  // IndexedDB); after a run the list is read again (other people's changes, the log).
  const [fresh, setFresh] = useState<ReadonlyMap<string, RectificationItem>>(new Map())
  useEffect(
    () =>
      onServerItem((item) => {
        setFresh((m) => new Map(m).set(item.id, item))
        void replaceCachedItem(cacheKeys.rectifications(unitId), item)
      }),
    [unitId],
  )
  useEffect(() => onFlushed(() => reload()), [reload])

  const tree = useMemo(() => new UnitTree(units.data ?? []), [units.data])
  const unitName = (id: string) => units.data?.find((u) => u.id === id)?.name
  const all = useMemo(() => newest(items.data ?? [], fresh), [items.data, fresh])
  const shown = filterItems(all, filter)
  const teams = teamsOf(all)
  const overdueCount = all.filter((i) => isOverdue(i)).length
  const unsent = outbox.entries.length

  const open = (id: string | null) => navigate(rectificationsHref(unitId, id), { replace: true })

  return (
    <div className="rect-page">
      <header className="topbar">
        <button type="button" onClick={() => navigate(`/?unit=${encodeURIComponent(unitId)}`)}>
          ← 返回
        </button>
        <h1>整改台账</h1>
        <span className="muted">{unitName(unitId) ?? ''}</span>
        {items.offline && <span className="conn conn-offline">离线</span>}
        {unsent > 0 && (
          <span className="conn conn-pending" data-testid="outbox-count">
            待同步 {unsent}
          </span>
        )}
        <span className="spacer" />
        <button
          type="button"
          disabled={items.offline}
          title={items.offline ? '离线时无法从服务器导出' : undefined}
          onClick={() => {
            setExportError(null)
            downloadFromServer(rectificationsExportPath(unitId), '整改台账.xlsx').catch(
              (e: unknown) => setExportError(errorMessage(e)),
            )
          }}
        >
          导出 Excel
        </button>
      </header>
      {exportError && (
        <p className="error" role="alert">
          {exportError}
        </p>
      )}
      <main className="card">
        <div className="rect-filters" role="search" aria-label="筛选">
          <select
            aria-label="状态"
            value={filter.status}
            onChange={(e) =>
              setFilter({ ...filter, status: e.target.value as RectificationStatus | '' })
            }
          >
            <option value="">全部状态</option>
            {RECTIFICATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {RECTIFICATION_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          {teams.length > 1 && (
            <select
              aria-label="督查组"
              value={filter.team}
              onChange={(e) => setFilter({ ...filter, team: e.target.value })}
            >
              <option value="">全部督查组</option>
              {teams.map((t) => (
                <option key={t} value={t}>
                  {unitName(t) ?? t}
                </option>
              ))}
            </select>
          )}
          <label className="rect-overdue-filter">
            <input
              type="checkbox"
              checked={filter.overdueOnly}
              onChange={(e) => setFilter({ ...filter, overdueOnly: e.target.checked })}
            />
            只看逾期（{overdueCount}）
          </label>
        </div>
        <p className="muted small" data-testid="rect-count">
          共 {all.length} 项
          {RECTIFICATION_STATUSES.map((s) => {
            const n = all.filter((i) => i.status === s).length
            return n > 0 ? ` · ${RECTIFICATION_STATUS_LABELS[s]} ${n}` : ''
          }).join('')}
        </p>
        {items.error && <p className="error">{items.error}</p>}
        {!items.data && items.loading && <p className="muted">正在读取…</p>}
        {!items.data && items.offline && <p className="muted">离线，且本机没有保存整改台账。</p>}
        {items.data && shown.length === 0 && <p className="muted">没有符合条件的整改事项。</p>}
        <ul className="rect-list">
          {shown.map((item) => {
            const view = pendingView(item, outbox.entries)
            const expanded = item.id === itemId
            return (
              <li key={item.id} data-item-id={item.id} className={expanded ? 'open' : undefined}>
                <button
                  type="button"
                  className="rect-row"
                  aria-expanded={expanded}
                  onClick={() => open(expanded ? null : item.id)}
                >
                  <span className="rect-org">{item.org}</span>
                  <span className={`badge rect-status-${item.status}`} data-status={item.status}>
                    {RECTIFICATION_STATUS_LABELS[item.status]}
                  </span>
                  {isOverdue(item) && <span className="badge badge-overdue">逾期</span>}
                  <span className="muted small">
                    {item.deadline ? `期限 ${item.deadline}` : '无期限'}
                    {item.unitName ? ` · ${item.unitName}` : ''}
                  </span>
                  {view.notUploaded.size > 0 && (
                    <span className="rect-mark" data-testid="not-uploaded">
                      待上传 {view.notUploaded.size}
                    </span>
                  )}
                  {(view.progressUnsent || view.actions.length > 0) && (
                    <span className="rect-mark">待同步</span>
                  )}
                </button>
                {expanded && user && (
                  <ItemDetail
                    item={item}
                    tree={tree}
                    user={user}
                    entries={outbox.entries}
                    refusals={outbox.refusals}
                    dismiss={outbox.dismiss}
                    online={!items.offline}
                  />
                )}
              </li>
            )
          })}
        </ul>
      </main>
    </div>
  )
}
