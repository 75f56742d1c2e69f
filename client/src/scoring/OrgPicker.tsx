/**
 * @module scoring/OrgPicker
 * 选择组织 for a 督查评分表 (SPEC §2.2): search the unit's ledger by 组织名称 or
 * 统一社会信用代码 and fill both cells of the chosen row at once — or, with no row
 * chosen, add a row for the organisation. Needs the network for the ledger (the scoring
 * sheet itself stays local-first).
 */
import { appendRows, readRow, updateRow } from '@taizhang/schema'
import { useEffect, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import { errorMessage } from '../api/client'
import { Dialog } from '../components/Dialog'
import { loadLedgerOrgs } from './ledgerOrgs'
import './scoring.css'
import { searchOrgs, type LedgerOrg } from './orgSearch'

interface Props {
  doc: Y.Doc
  unitId: string
  unitName: string
  /** The row to fill, or null to add a new one. */
  rowId: string | null
  onClose(): void
}

export function OrgPicker({ doc, unitId, unitName, rowId, onClose }: Props) {
  const [orgs, setOrgs] = useState<LedgerOrg[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [query, setQuery] = useState('')
  const row = rowId ? readRow(doc, rowId) : undefined

  useEffect(() => {
    let cancelled = false
    loadLedgerOrgs(unitId, unitName).then(
      (found) => !cancelled && setOrgs(found),
      (e: unknown) => !cancelled && setError(errorMessage(e)),
    )
    return () => {
      cancelled = true
    }
  }, [unitId, unitName])

  const matches = useMemo(() => (orgs ? searchOrgs(orgs, query) : []), [orgs, query])

  const pick = (org: LedgerOrg) => {
    const values = { org: org.name, creditCode: org.creditCode }
    if (rowId && row) updateRow(doc, rowId, values)
    else appendRows(doc, [values])
    onClose()
  }

  const target = row ? (row.org ? `填入「${String(row.org)}」所在行` : '填入当前行') : '新增一行'
  return (
    <Dialog title={`选择组织（${target}）`} onClose={onClose}>
      <input
        type="search"
        autoFocus
        placeholder="输入组织名称或统一社会信用代码"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-label="搜索组织"
        className="org-search"
      />
      {error && <p className="error">{error}</p>}
      {!orgs && !error && <p className="muted">正在读取本单位台账…</p>}
      {orgs && matches.length === 0 && <p className="muted">台账中没有匹配的组织。</p>}
      <ul className="org-results">
        {matches.map((org) => (
          <li key={`${org.creditCode ?? ''}|${org.name}`}>
            <button type="button" onClick={() => pick(org)}>
              <strong>{org.name}</strong>
              <span className="muted small"> {org.creditCode ?? '（无信用代码）'}</span>
              {org.unitName && <span className="muted small"> · {org.unitName}</span>}
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  )
}
