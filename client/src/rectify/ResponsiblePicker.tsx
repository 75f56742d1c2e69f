/**
 * @module rectify/ResponsiblePicker
 * 指定责任单位 (SPEC §9): the team lead picks the grid responsible for an item no ledger placed
 * (or places it elsewhere) from the grids of the inspected area, searchable by name. Sent at
 * once, not through the outbox: it needs the server's list of grids, so it is offered online
 * only; the server's answer replaces the item on the page (`tellServerItem`).
 */
import type { RectificationItem } from '@taizhang/schema'
import { useMemo, useState } from 'react'
import { errorMessage } from '../api/client'
import { tellServerItem } from '../outbox/flushOutbox'
import { fetchResponsibleChoices, patchRectification, type ResponsibleChoice } from './rectifyApi'

export function ResponsiblePicker({ item }: { item: RectificationItem }) {
  const [choices, setChoices] = useState<ResponsibleChoice[] | null>(null)
  const [query, setQuery] = useState('')
  const [picked, setPicked] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const shown = useMemo(() => {
    const q = query.trim()
    return (choices ?? []).filter((c) => !q || c.path.includes(q))
  }, [choices, query])

  if (!choices) {
    return (
      <button
        type="button"
        className="small"
        disabled={busy}
        onClick={() => {
          setBusy(true)
          setError(null)
          fetchResponsibleChoices(item.id)
            .then(setChoices, (e: unknown) => setError(errorMessage(e)))
            .finally(() => setBusy(false))
        }}
      >
        {item.unitId ? '更改责任单位' : '指定责任单位'}
        {error && <span className="error small"> {error}</span>}
      </button>
    )
  }
  return (
    <form
      className="rect-picker"
      onSubmit={(e) => {
        e.preventDefault()
        if (!picked) return
        setBusy(true)
        setError(null)
        patchRectification(item.id, { unitId: picked })
          .then(
            (answer) => {
              tellServerItem(answer)
              setChoices(null)
            },
            (e: unknown) => setError(errorMessage(e)),
          )
          .finally(() => setBusy(false))
      }}
    >
      <input
        type="search"
        aria-label="查找网格"
        placeholder="输入社区或网格名称"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <select
        aria-label="责任单位"
        value={picked}
        onChange={(e) => setPicked(e.target.value)}
        required
      >
        <option value="">请选择网格（{shown.length} 个）</option>
        {shown.map((c) => (
          <option key={c.id} value={c.id}>
            {c.path}
          </option>
        ))}
      </select>
      <button type="submit" className="primary" disabled={busy || !picked}>
        确定
      </button>
      <button type="button" onClick={() => setChoices(null)}>
        取消
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
