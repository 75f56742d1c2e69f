/**
 * @module rounds/RoundsPanel
 * A unit's reporting rounds on the home page (SPEC §8): each round with its counts and 逾期,
 * one click from its board, and 发布报送任务 for a lead, consolidator or admin — template,
 * period (shown as 2026年第一季度), due date, title and the target units as a tree with
 * checkboxes (every grid below ticked by default).
 */
import {
  canIssueRound,
  isPeriod,
  periodLabel,
  UnitTree,
  type RoundInfo,
  type Unit,
} from '@taizhang/schema'
import { useMemo, useState } from 'react'
import { ApiError, errorMessage } from '../api/client'
import { useCachedQuery } from '../hooks/useCachedQuery'
import { navigate } from '../hooks/useRoute'
import { useSession } from '../hooks/useSession'
import { fetchRounds, issueRound } from './roundsApi'

export const roundHref = (id: string) => `/rounds/${encodeURIComponent(id)}`

const TEMPLATES = [
  { id: 'ledger', name: '网格台账' },
  { id: 'scoring', name: '督查评分表' },
]
const PARTS = [
  ...[1, 2, 3, 4].map((q) => `Q${q}`),
  'H1',
  'H2',
  ...Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')),
  '',
]

function RoundList({ rounds }: { rounds: RoundInfo[] }) {
  if (rounds.length === 0) return <p className="muted">还没有报送任务。</p>
  return (
    <ul className="round-list">
      {[...rounds].reverse().map((r) => (
        <li key={r.id}>
          <a
            href={roundHref(r.id)}
            data-round-id={r.id}
            onClick={(e) => {
              e.preventDefault()
              navigate(roundHref(r.id))
            }}
          >
            <span className="sheet-title">{r.title}</span>
            <span className="muted small">
              截止 {r.dueDate} · 已审核 {r.counts.accepted} · 已提交 {r.counts.submitted} · 未报送{' '}
              {r.counts.draft + r.counts.returned}
            </span>
            {r.counts.overdue > 0 && (
              <span className="badge badge-overdue">逾期 {r.counts.overdue}</span>
            )}
          </a>
        </li>
      ))}
    </ul>
  )
}

function TargetTree({
  tree,
  root,
  chosen,
  toggle,
}: {
  tree: UnitTree<Unit>
  root: string
  chosen: Set<string>
  toggle: (ids: string[], on: boolean) => void
}) {
  const children = tree.units.filter((u) => u.parentId === root && !u.pathOnly)
  if (children.length === 0) return null
  return (
    <ul className="target-tree">
      {children.map((u) => {
        const grids = tree.subtree(u.id).filter((x) => x.level === 'grid')
        const on = grids.length > 0 && grids.every((g) => chosen.has(g.id))
        return (
          <li key={u.id}>
            <label>
              <input
                type="checkbox"
                checked={on}
                disabled={grids.length === 0}
                data-unit-id={u.id}
                onChange={(e) =>
                  toggle(
                    grids.map((g) => g.id),
                    e.target.checked,
                  )
                }
              />
              {u.name}
            </label>
            <TargetTree tree={tree} root={u.id} chosen={chosen} toggle={toggle} />
          </li>
        )
      })}
    </ul>
  )
}

function IssueForm({ unit, tree }: { unit: Unit; tree: UnitTree<Unit> }) {
  const grids = useMemo(
    () => tree.subtree(unit.id).filter((u) => u.level === 'grid' && !u.pathOnly),
    [tree, unit.id],
  )
  const [open, setOpen] = useState(false)
  const [template, setTemplate] = useState('ledger')
  const [year, setYear] = useState(String(new Date().getFullYear()))
  const [part, setPart] = useState(`Q${Math.ceil((new Date().getMonth() + 1) / 3)}`)
  const [dueDate, setDueDate] = useState('')
  const [title, setTitle] = useState('')
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(grids.map((g) => g.id)))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ message: string; existing?: string } | null>(null)
  const period = part ? `${year}-${part}` : year
  const name = TEMPLATES.find((t) => t.id === template)?.name ?? ''
  if (!open) {
    return (
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        发布报送任务
      </button>
    )
  }
  const toggle = (ids: string[], on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev)
      for (const id of ids) {
        if (on) next.add(id)
        else next.delete(id)
      }
      return next
    })
  return (
    <form
      className="issue-round card"
      aria-label="发布报送任务"
      onSubmit={async (e) => {
        e.preventDefault()
        if (busy) return
        setBusy(true)
        setError(null)
        try {
          const all = grids.every((g) => chosen.has(g.id))
          const { id } = await issueRound({
            unitId: unit.id,
            template,
            period,
            dueDate,
            ...(title.trim() ? { title: title.trim() } : {}),
            ...(all ? {} : { units: [...chosen] }),
          })
          navigate(roundHref(id))
        } catch (failure) {
          const existing =
            failure instanceof ApiError && failure.status === 409
              ? (failure.body as { id?: string } | undefined)?.id
              : undefined
          setError({ message: errorMessage(failure), ...(existing ? { existing } : {}) })
          setBusy(false)
        }
      }}
    >
      <h3>发布报送任务</h3>
      <label>
        表样
        <select name="template" value={template} onChange={(e) => setTemplate(e.target.value)}>
          {TEMPLATES.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        报送期间
        <input
          name="year"
          type="number"
          min={2000}
          max={2999}
          value={year}
          onChange={(e) => setYear(e.target.value)}
        />
        <select name="part" value={part} onChange={(e) => setPart(e.target.value)}>
          {PARTS.map((p) => (
            <option key={p} value={p}>
              {p ? periodLabel(`2000-${p}`).slice(5) : '全年'}
            </option>
          ))}
        </select>
        <span className="muted small" data-testid="period-label">
          {isPeriod(period) ? periodLabel(period) : '期间无效'}
        </span>
      </label>
      <label>
        截止日期
        <input
          name="dueDate"
          type="date"
          required
          value={dueDate}
          onChange={(e) => setDueDate(e.target.value)}
        />
      </label>
      <label>
        标题
        <input
          name="title"
          placeholder={isPeriod(period) ? `${periodLabel(period)}${name}` : ''}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
      <fieldset>
        <legend>
          报送单位（已选 {chosen.size} / {grids.length}）
          <button
            type="button"
            onClick={() =>
              toggle(
                grids.map((g) => g.id),
                true,
              )
            }
          >
            全选
          </button>
          <button
            type="button"
            onClick={() =>
              toggle(
                grids.map((g) => g.id),
                false,
              )
            }
          >
            全不选
          </button>
        </legend>
        <TargetTree tree={tree} root={unit.id} chosen={chosen} toggle={toggle} />
      </fieldset>
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || chosen.size === 0 || !isPeriod(period) || !dueDate}
        >
          {busy ? '正在发布…' : '发布'}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          取消
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error.message}
          {error.existing && (
            <>
              {' '}
              <a
                href={roundHref(error.existing)}
                onClick={(e) => {
                  e.preventDefault()
                  navigate(roundHref(error.existing!))
                }}
              >
                查看已发布的任务
              </a>
            </>
          )}
        </p>
      )}
    </form>
  )
}

export function RoundsPanel({ unit, units }: { unit: Unit; units: Unit[] }) {
  const { user } = useSession()
  const tree = useMemo(() => new UnitTree(units), [units])
  const rounds = useCachedQuery<RoundInfo[]>(`rounds:${unit.id}`, () => fetchRounds(unit.id))
  const canIssue = !!user && canIssueRound(tree, user, unit.id)
  return (
    <section className="rounds" aria-label="报送任务">
      <div className="sheets-head">
        <h3>报送任务</h3>
      </div>
      {rounds.error && <p className="error">{rounds.error}</p>}
      {rounds.data && <RoundList rounds={rounds.data} />}
      {canIssue && !rounds.offline && <IssueForm key={unit.id} unit={unit} tree={tree} />}
    </section>
  )
}
