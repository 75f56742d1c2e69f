/**
 * @module rectify/ItemDetail
 * One rectification item opened on the 整改台账 page (SPEC §9): the organisation, the criteria
 * that lost points, 存在问题, 整改要求, 整改期限 (逾期 marked), 责任单位, the state, the log; the
 * 整改情况 text and the 佐证材料 photos, editable by the responsible unit while it works on the
 * item; and the transitions the person's role allows in the state the item will be in once
 * their unsent ones are applied. Every change is written to the IndexedDB outbox first (shown
 * 已保存在本机 only then) and sent when the network allows; what the server refuses is shown
 * with its reason.
 */
import {
  canManageRectifications,
  canPerformRectification,
  canWorkOnRectification,
  isRectificationEditable,
  MAX_EVIDENCE,
  MAX_PROGRESS_CHARS,
  nextRectificationStatus,
  RECTIFICATION_ACTION_LABELS,
  RECTIFICATION_ACTIONS,
  RECTIFICATION_NEEDS_REASON,
  RECTIFICATION_STATUS_LABELS,
  type RectificationAction,
  type RectificationItem,
  type UnitHierarchy,
  type User,
} from '@taizhang/schema'
import { useEffect, useRef, useState } from 'react'
import { PhotoInput } from '../attachments/PhotoInput'
import { PhotoThumb } from '../attachments/PhotoThumb'
import { ReasonDialog } from '../components/ReasonDialog'
import { pendingView, type Keyed, type RefusalRecord } from '../outbox/entries'
import { addRecord } from '../outbox/outboxStore'
import { isOverdue } from './itemFilters'
import { ResponsiblePicker } from './ResponsiblePicker'

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false })

const EVENT_LABELS: Record<string, string> = {
  ...RECTIFICATION_ACTION_LABELS,
  generate: '生成',
  assign: '指定责任单位',
  edit: '更新整改情况',
}

const SAVE_DELAY_MS = 400

export function ItemDetail({
  item,
  tree,
  user,
  entries,
  refusals,
  dismiss,
  online,
}: {
  item: RectificationItem
  /** The page reached the server (the 责任单位 picker needs it). */
  online: boolean
  tree: UnitHierarchy
  user: User
  entries: Keyed[]
  refusals: { key: number; refusal: RefusalRecord }[]
  dismiss(key: number): void
}) {
  const view = pendingView(item, entries)
  const expected = view.actions.reduce(
    (status, a) => nextRectificationStatus(status, a.action) ?? status,
    item.status,
  )
  const canWork = canWorkOnRectification(tree, user, item)
  // the team lead places an item while it is not closed, online (the grids come from the server)
  const mayAssign =
    online && item.status !== 'closed' && canManageRectifications(tree, user, item.sheetUnitId)
  const editable = canWork && isRectificationEditable(expected)

  const [draft, setDraft] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<string | null>(null)
  const [asking, setAsking] = useState<RectificationAction | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const latest = useRef<string | null>(null)

  const saveNow = async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    const text = latest.current
    latest.current = null
    if (text === null) return
    setSaving(true)
    try {
      await addRecord({
        kind: 'patch',
        userId: user.id,
        at: Date.now(),
        itemId: item.id,
        progress: text,
      })
      setSaveError(null)
    } catch {
      setSaveError('未能保存在本机，请重试')
    } finally {
      setSaving(false)
    }
  }
  // Typing pauses are saved; leaving the item saves what was typed last.
  useEffect(
    () => () => {
      void saveNow()
    },
    [item.id],
  )
  // The draft gives way to the stored text once the stored text says the same.
  useEffect(() => {
    if (draft !== null && !saving && !timer.current && view.progress === draft) setDraft(null)
  }, [draft, saving, view.progress])

  const shown = draft ?? view.progress
  // 已保存 only once the stored record is what the view shows (the draft has given way).
  const typing = draft !== null || saving || timer.current !== null
  const progressState = typing ? 'saving' : view.progressUnsent ? 'local' : 'synced'
  const mine = refusals.filter((r) => r.refusal.itemId === item.id)

  const act = async (action: RectificationAction, text?: string) => {
    setNotice(null)
    if (action === 'submit' && (!shown.trim() || view.evidence.length === 0)) {
      setNotice('提交验收前请填写整改情况，并添加至少一张佐证照片')
      return
    }
    await saveNow()
    await addRecord({
      kind: 'transition',
      userId: user.id,
      at: Date.now(),
      itemId: item.id,
      action,
      ...(text ? { text } : {}),
    })
  }

  const actions = RECTIFICATION_ACTIONS.filter(
    (a) =>
      canPerformRectification(tree, user, item, a) && nextRectificationStatus(expected, a) !== null,
  )
  const overdue = isOverdue(item)

  return (
    <div className="rect-detail" data-item-id={item.id}>
      <dl className="rect-fields">
        <dt>组织名称</dt>
        <dd>
          {item.org}
          {item.creditCode && <span className="muted small"> {item.creditCode}</span>}
        </dd>
        <dt>责任单位</dt>
        <dd>
          {item.unitName ?? (item.unitId ? item.unitId : '未确定（待督查组指定）')}
          {mayAssign && <ResponsiblePicker item={item} />}
        </dd>
        <dt>整改期限</dt>
        <dd>
          {item.deadline ?? '未填写'}
          {overdue && <span className="badge badge-overdue">逾期</span>}
        </dd>
        <dt>扣分项</dt>
        <dd>
          {item.criteria.length === 0 ? (
            <span className="muted">{item.grade ? `等次：${item.grade}` : '—'}</span>
          ) : (
            <ul className="rect-criteria">
              {item.criteria.map((c) => (
                <li key={c.id}>
                  {c.label}
                  <span className="muted small">
                    {' '}
                    {c.score}/{c.max} 分
                  </span>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>存在问题</dt>
        <dd className="rect-text">{item.problems || '—'}</dd>
        <dt>整改要求</dt>
        <dd className="rect-text">{item.requirement || '—'}</dd>
      </dl>

      <section className="rect-progress">
        <h3>整改情况</h3>
        {editable ? (
          <textarea
            name="progress"
            rows={4}
            maxLength={MAX_PROGRESS_CHARS}
            value={shown}
            placeholder="填写整改落实情况"
            onChange={(e) => {
              setDraft(e.target.value)
              latest.current = e.target.value
              if (timer.current) clearTimeout(timer.current)
              timer.current = setTimeout(() => void saveNow(), SAVE_DELAY_MS)
            }}
            onBlur={() => void saveNow()}
          />
        ) : (
          <p className="rect-text">{shown || <span className="muted">尚未填写</span>}</p>
        )}
        <p className="small muted" data-testid="progress-state" data-state={progressState}>
          {saveError ??
            (progressState === 'saving'
              ? '正在保存…'
              : progressState === 'local'
                ? '已保存在本机，联网后自动上传'
                : shown
                  ? '已同步到服务器'
                  : '')}
        </p>
      </section>

      <section className="rect-evidence">
        <h3>
          佐证材料 <span className="muted small">{view.evidence.length} 张</span>
        </h3>
        <div className="photo-grid">
          {view.evidence.map((id) => (
            <PhotoThumb
              key={id}
              id={id}
              notUploaded={view.notUploaded.has(id)}
              onRemove={
                editable
                  ? () =>
                      void addRecord({
                        kind: 'patch',
                        userId: user.id,
                        at: Date.now(),
                        itemId: item.id,
                        removeEvidence: [id],
                      })
                  : undefined
              }
            />
          ))}
        </div>
        {editable && (
          <PhotoInput
            userId={user.id}
            target={{ itemId: item.id }}
            disabled={view.evidence.length >= MAX_EVIDENCE}
          />
        )}
      </section>

      <section className="rect-actions">
        {view.actions.length > 0 && (
          <p className="rect-queued" data-testid="queued-actions">
            待同步：{view.actions.map((a) => RECTIFICATION_ACTION_LABELS[a.action]).join('、')}
          </p>
        )}
        {mine.map(({ key, refusal }) => (
          <p key={key} className="error rect-refusal" role="alert">
            {refusal.what}未成功：{refusal.message}
            {refusal.progress !== undefined && (
              <span className="rect-refused-text">
                未保存到服务器的整改情况：{refusal.progress}
              </span>
            )}
            <button type="button" onClick={() => dismiss(key)}>
              知道了
            </button>
          </p>
        ))}
        {notice && (
          <p className="error" role="alert">
            {notice}
          </p>
        )}
        <div className="rect-buttons">
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              className={a === 'submit' || a === 'close' ? 'primary' : undefined}
              data-action={a}
              onClick={() => (RECTIFICATION_NEEDS_REASON.has(a) ? setAsking(a) : void act(a))}
            >
              {RECTIFICATION_ACTION_LABELS[a]}
            </button>
          ))}
        </div>
      </section>

      <section className="rect-events">
        <h3>处理记录</h3>
        <ol>
          {item.events.map((e, i) => (
            <li key={i}>
              <span className="muted small">{time(e.at)}</span> {e.by?.displayName ?? '系统'}{' '}
              {EVENT_LABELS[e.action] ?? e.action}
              {e.to && `（${RECTIFICATION_STATUS_LABELS[e.to]}）`}
              {e.note && <span className="rect-note">：{e.note}</span>}
            </li>
          ))}
        </ol>
      </section>

      {asking && (
        <ReasonDialog
          title={RECTIFICATION_ACTION_LABELS[asking]}
          label={asking === 'reject' ? '驳回原因' : '重新打开的原因'}
          confirmText={RECTIFICATION_ACTION_LABELS[asking]}
          onConfirm={(reason) => act(asking, reason)}
          onClose={() => setAsking(null)}
        />
      )}
    </div>
  )
}
