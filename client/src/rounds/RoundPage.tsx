/**
 * @module rounds/RoundPage
 * The board of a reporting round (`/rounds/:id`, SPEC §8): every target unit with its sheet's
 * state, submitted/accepted times, rows with errors and 逾期 after the due date; the counts per
 * state; 催报 to every late unit or the chosen ones, with a message; and a compare with an
 * earlier round of the same template.
 */
import { STATUS_LABELS, type RoundInfo, type RoundProgress } from '@taizhang/schema'
import { useEffect, useState } from 'react'
import { errorMessage } from '../api/client'
import { StatusBadge } from '../components/StatusBadge'
import { navigate, sheetHref } from '../hooks/useRoute'
import { fetchRound, fetchRounds, remindRound } from './roundsApi'
import './rounds.css'

const time = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—'

export const compareHref = (id: string, withId: string) =>
  `/rounds/${encodeURIComponent(id)}/compare?with=${encodeURIComponent(withId)}`

export function RoundPage({ roundId }: { roundId: string }) {
  const [round, setRound] = useState<(RoundInfo & { can?: { remind: boolean } }) | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [earlier, setEarlier] = useState<RoundInfo[]>([])
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [message, setMessage] = useState('')
  const [notice, setNotice] = useState<string | null>(null)
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    let cancelled = false
    fetchRound(roundId).then(
      async (r) => {
        if (cancelled) return
        setRound(r)
        const others = await fetchRounds(r.unitId).catch(() => [])
        if (!cancelled) {
          setEarlier(others.filter((o) => o.id !== r.id && o.template === r.template))
        }
      },
      (e: unknown) => !cancelled && setError(errorMessage(e)),
    )
    return () => {
      cancelled = true
    }
  }, [roundId, generation])

  if (error) return <p className="error">{error}</p>
  if (!round) return <p className="loading muted">正在加载…</p>
  const progress = round.progress ?? []
  const open = (p: RoundProgress) => p.status === 'draft' || p.status === 'returned'
  const remind = async (units?: string[]) => {
    setNotice(null)
    try {
      const { reminded } = await remindRound(round.id, {
        ...(units ? { units } : {}),
        ...(message.trim() ? { message: message.trim() } : {}),
      })
      setNotice(`已向 ${reminded} 个单位催报`)
      setChosen(new Set())
      setGeneration((g) => g + 1)
    } catch (e) {
      setNotice(errorMessage(e))
    }
  }
  const lateUnits = progress.filter((p) => p.overdue).map((p) => p.unitId)
  return (
    <div className="round-page">
      <header className="topbar">
        <button
          type="button"
          onClick={() => navigate(`/?unit=${encodeURIComponent(round.unitId)}`)}
        >
          ← 返回
        </button>
        <h1>{round.title}</h1>
        <span className="muted">
          {round.unitName} · {round.periodLabel} · 截止 {round.dueDate}
        </span>
        {round.pastDue && <span className="badge badge-overdue">已过截止日期</span>}
        <span className="spacer" />
      </header>
      <main className="card">
        <ul className="round-counts" aria-label="进度">
          {round.counts.notStarted !== undefined && (
            <li data-count="notStarted">
              <span className="muted small">未填报</span>
              <strong>{round.counts.notStarted}</strong>
            </li>
          )}
          {(['draft', 'returned', 'submitted', 'accepted'] as const).map((s) => (
            <li key={s} data-count={s}>
              <span className="muted small">{s === 'draft' ? '填报中' : STATUS_LABELS[s]}</span>
              <strong>
                {s === 'draft'
                  ? round.counts.draft - (round.counts.notStarted ?? 0)
                  : round.counts[s]}
              </strong>
            </li>
          ))}
          <li data-count="overdue" className={round.counts.overdue ? 'overdue' : ''}>
            <span className="muted small">逾期</span>
            <strong>{round.counts.overdue}</strong>
          </li>
        </ul>
        {round.can?.remind && (
          <div className="remind-bar">
            <input
              name="message"
              placeholder="催报留言（可选）"
              value={message}
              onChange={(e) => setMessage(e.target.value)}
            />
            <button
              type="button"
              disabled={lateUnits.length === 0}
              onClick={() => void remind(lateUnits)}
            >
              催报逾期单位（{lateUnits.length}）
            </button>
            <button
              type="button"
              disabled={chosen.size === 0}
              onClick={() => void remind([...chosen])}
            >
              催报所选（{chosen.size}）
            </button>
            {notice && (
              <span className="muted" role="status">
                {notice}
              </span>
            )}
          </div>
        )}
        <table className="round-board">
          <thead>
            <tr>
              {round.can?.remind && <th aria-label="选择" />}
              <th>单位</th>
              <th>状态</th>
              <th>提交时间</th>
              <th>审核时间</th>
              <th>错误行</th>
              <th>逾期</th>
              <th>催报</th>
            </tr>
          </thead>
          <tbody>
            {progress.map((p) => (
              <tr key={p.unitId} data-unit-id={p.unitId} className={p.overdue ? 'overdue' : ''}>
                {round.can?.remind && (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`选择 ${p.unitName}`}
                      disabled={!open(p)}
                      checked={chosen.has(p.unitId)}
                      onChange={(e) =>
                        setChosen((prev) => {
                          const next = new Set(prev)
                          if (e.target.checked) next.add(p.unitId)
                          else next.delete(p.unitId)
                          return next
                        })
                      }
                    />
                  </td>
                )}
                <td>
                  <a
                    href={sheetHref(p.sheetId)}
                    onClick={(e) => {
                      e.preventDefault()
                      navigate(sheetHref(p.sheetId))
                    }}
                  >
                    {p.unitName}
                  </a>
                </td>
                <td>
                  {p.status === 'draft' ? (
                    <span className="badge badge-draft" data-status="draft">
                      {p.started === false ? '未填报' : '填报中'}
                    </span>
                  ) : (
                    <StatusBadge status={p.status} />
                  )}
                </td>
                <td>{time(p.submittedAt)}</td>
                <td>{time(p.acceptedAt)}</td>
                <td className={p.errorRows ? 'error' : ''}>{p.errorRows}</td>
                <td>{p.overdue ? <span className="badge badge-overdue">逾期</span> : ''}</td>
                <td className="muted small">{p.remindedAt ? time(p.remindedAt) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {earlier.length > 0 && (
          <div className="compare-pick">
            <span>与其他期次对比：</span>
            {earlier.map((o) => (
              <a
                key={o.id}
                href={compareHref(round.id, o.id)}
                onClick={(e) => {
                  e.preventDefault()
                  navigate(compareHref(round.id, o.id))
                }}
              >
                {o.periodLabel}
              </a>
            ))}
          </div>
        )}
      </main>
    </div>
  )
}
