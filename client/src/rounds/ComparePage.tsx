/**
 * @module rounds/ComparePage
 * 变动情况 between two rounds (`/rounds/:id/compare?with=ID`, SPEC §8): per unit the
 * organisations added and removed and every changed cell with its old and new value
 * highlighted, the indicators with their deltas, and the 变动情况表 as xlsx.
 */
import { ledgerColumns, type Comparison, type RoundInfo } from '@taizhang/schema'
import { useEffect, useState } from 'react'
import { errorMessage } from '../api/client'
import { downloadFromServer } from '../export/download'
import { navigate, sheetHref } from '../hooks/useRoute'
import { compareRoundsPath, fetchComparison, fetchRound } from './roundsApi'
import './rounds.css'

const LABELS = new Map(ledgerColumns.map((c) => [c.id, c.label]))

const show = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '（空）'
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (typeof v === 'object' && v && 'pct' in v) {
    const pct = (v as { pct: number | null }).pct
    return pct === null ? '—' : `${pct.toFixed(1)}%`
  }
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

export function ComparePage({ roundId, withId }: { roundId: string; withId: string }) {
  const [data, setData] = useState<Comparison | null>(null)
  const [rounds, setRounds] = useState<{ to?: RoundInfo; from?: RoundInfo }>({})
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let cancelled = false
    Promise.all([fetchComparison(roundId, withId), fetchRound(roundId), fetchRound(withId)]).then(
      ([c, to, from]) => {
        if (cancelled) return
        setData(c)
        setRounds({ to, from })
      },
      (e: unknown) => !cancelled && setError(errorMessage(e)),
    )
    return () => {
      cancelled = true
    }
  }, [roundId, withId])
  if (error) return <p className="error">{error}</p>
  if (!data) return <p className="loading muted">正在对比…</p>
  const title = `${rounds.to?.periodLabel ?? ''}与${rounds.from?.periodLabel ?? ''}变动情况`
  const changedUnits = data.units.filter(
    (u) => u.added.length + u.removed.length + u.changed.length > 0,
  )
  return (
    <div className="compare-page">
      <header className="topbar">
        <button type="button" onClick={() => navigate(`/rounds/${encodeURIComponent(roundId)}`)}>
          ← 返回
        </button>
        <h1>{title}</h1>
        <span className="spacer" />
        <button
          type="button"
          onClick={() =>
            void downloadFromServer(
              `${compareRoundsPath(roundId, withId).replace('/compare?', '/compare/export?')}`,
              `${title}表.xlsx`,
            )
          }
        >
          导出变动情况表
        </button>
      </header>
      <main className="card">
        <h2>指标变动</h2>
        <table className="compare-indicators">
          <thead>
            <tr>
              <th>指标</th>
              <th>上期</th>
              <th>本期</th>
              <th>增减</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(data.indicators)
              .filter(([, d]) => d.delta !== null)
              .map(([id, d]) => (
                <tr key={id} className={d.delta ? 'changed' : ''}>
                  <td>{id}</td>
                  <td>{show(d.from)}</td>
                  <td>{show(d.to)}</td>
                  <td>{d.delta! > 0 ? `+${d.delta}` : d.delta}</td>
                </tr>
              ))}
          </tbody>
        </table>
        <h2>组织变动</h2>
        {changedUnits.length === 0 && <p className="muted">两期之间没有变动。</p>}
        {changedUnits.map((u) => (
          <section key={u.unitId} className="compare-unit" data-unit-id={u.unitId}>
            <h3>
              {u.unitName}
              {u.toSheetId && (
                <a
                  className="small"
                  href={sheetHref(u.toSheetId)}
                  onClick={(e) => {
                    e.preventDefault()
                    navigate(sheetHref(u.toSheetId!))
                  }}
                >
                  {' '}
                  打开本期表格
                </a>
              )}
            </h3>
            <table className="compare-rows">
              <thead>
                <tr>
                  <th>变动</th>
                  <th>组织名称</th>
                  <th>栏目</th>
                  <th>原值</th>
                  <th>新值</th>
                </tr>
              </thead>
              <tbody>
                {u.added.map((r) => (
                  <tr key={`a${r.rowId}`} className="row-added" data-row-id={r.rowId}>
                    <td>新增</td>
                    <td>{r.name}</td>
                    <td colSpan={3} />
                  </tr>
                ))}
                {u.removed.map((r) => (
                  <tr key={`r${r.rowId}`} className="row-removed" data-row-id={r.rowId}>
                    <td>减少</td>
                    <td>{r.name}</td>
                    <td colSpan={3} />
                  </tr>
                ))}
                {u.changed.map((c) => (
                  <tr key={`c${c.rowId}${c.column}`} data-row-id={c.rowId} data-col-id={c.column}>
                    <td>变更</td>
                    <td>{c.name}</td>
                    <td>{LABELS.get(c.column) ?? c.column}</td>
                    <td className="cell-from">{show(c.from)}</td>
                    <td className="cell-changed">{show(c.to)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </main>
    </div>
  )
}
