/**
 * @module importer/ImportDialog
 * 导入 into a ledger (SPEC §5): choose an xlsx or csv file → preview
 * with the detected column mapping (Chinese headers matched automatically by the
 * server; an unknown header can be mapped to a column by hand, a wrong match changed
 * or ignored) and what would happen to each row → import → the report: how many rows
 * were added or updated (matched by 统一社会信用代码) and every rejected row with its
 * row number and reasons. Good rows reach everyone through the normal sync.
 * Not for: parsing files (server).
 */
import { columnsOf, type GridTemplate } from '@taizhang/schema'
import { useMemo, useState } from 'react'
import { errorMessage } from '../api/client'
import { Dialog } from '../components/Dialog'
import { formatValue } from '../components/formatValue'
import {
  previewImport,
  runImport,
  type HandMapping,
  type ImportPreview,
  type ImportResult,
} from './importApi'
import './importer.css'

const OUTCOME: Record<string, string> = { new: '新增', update: '更新', rejected: '拒绝' }

export function ImportDialog({
  sheetId,
  template,
  onClose,
}: {
  sheetId: string
  template: GridTemplate
  onClose(): void
}) {
  const columns = useMemo(
    () => columnsOf(template).filter((c) => c.type !== 'computed'),
    [template],
  )
  const [file, setFile] = useState<File | null>(null)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [mapping, setMapping] = useState<HandMapping>({})
  const [result, setResult] = useState<ImportResult | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const ask = async (chosen: File, hand: HandMapping) => {
    setBusy(true)
    setError(null)
    try {
      setPreview(await previewImport(sheetId, chosen, hand))
    } catch (e) {
      setPreview(null)
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const choose = (chosen: File | null) => {
    setFile(chosen)
    setMapping({})
    setResult(null)
    setPreview(null)
    if (chosen) void ask(chosen, {})
  }

  const remap = (header: string, column: string) => {
    if (!file) return
    const next = { ...mapping, [header]: column === '' ? null : column }
    setMapping(next)
    void ask(file, next)
  }

  const doImport = async () => {
    if (!file) return
    setBusy(true)
    setError(null)
    try {
      setResult(await runImport(sheetId, file, mapping))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const shownColumns = preview
    ? columns.filter((c) => preview.mapping.some((m) => m.column === c.id))
    : []

  return (
    <Dialog title="导入 Excel / CSV" onClose={onClose} wide>
      <div className="importer">
        {!result && (
          <label className="import-file">
            选择文件（.xlsx 或 .csv）：
            <input
              type="file"
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              onChange={(e) => choose(e.target.files?.[0] ?? null)}
            />
          </label>
        )}
        {busy && <p className="muted">正在读取…</p>}
        {error && <p className="error">{error}</p>}
        {preview && !result && (
          <>
            <h3>列对应关系</h3>
            <p className="muted small">
              已自动识别中文表头；未识别的列请手动选择对应的列，或选「不导入」。
            </p>
            <table className="import-mapping">
              <thead>
                <tr>
                  <th>文件中的表头</th>
                  <th>导入到</th>
                </tr>
              </thead>
              <tbody>
                {preview.mapping.map((m, i) => {
                  const chosen = m.header in mapping ? (mapping[m.header] ?? '') : (m.column ?? '')
                  return (
                    <tr key={`${i}-${m.header}`} className={m.column ? undefined : 'unmapped'}>
                      <td>
                        {m.group ? `${m.group} / ` : ''}
                        {m.header}
                        {!m.column && <span className="tag tag-missing">未识别</span>}
                      </td>
                      <td>
                        <select
                          aria-label={`「${m.header}」导入到`}
                          value={chosen}
                          onChange={(e) => remap(m.header, e.target.value)}
                        >
                          <option value="">不导入</option>
                          {columns.map((c) => (
                            <option key={c.id} value={c.id}>
                              {c.group ? `${c.group} / ${c.label}` : c.label}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
            {preview.missingRequired.length > 0 && (
              <p className="error">
                缺少必填列：{preview.missingRequired.map((m) => m.label).join('、')}
                ，请在上面为它们选择文件中的列。
              </p>
            )}
            <p>
              共 {preview.rowCount} 行：将新增 {preview.wouldImport} 行，更新 {preview.wouldUpdate}{' '}
              行（按统一社会信用代码匹配），拒绝 {preview.wouldReject} 行。
            </p>
            <h3>前 {preview.rows.length} 行预览</h3>
            <div className="import-preview">
              <table>
                <thead>
                  <tr>
                    <th>行号</th>
                    <th>结果</th>
                    {shownColumns.map((c) => (
                      <th key={c.id}>{c.label}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r) => (
                    <tr key={r.row} className={r.outcome === 'rejected' ? 'rejected' : undefined}>
                      <td>{r.row}</td>
                      <td title={r.reasons?.join('；')}>
                        {OUTCOME[r.outcome ?? ''] ?? ''}
                        {r.reasons && <div className="small error">{r.reasons.join('；')}</div>}
                      </td>
                      {shownColumns.map((c) => (
                        <td key={c.id}>{formatValue(r.values[c.id])}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="actions">
              <button type="button" onClick={onClose}>
                取消
              </button>
              <button
                type="button"
                className="primary"
                disabled={busy || preview.missingRequired.length > 0}
                onClick={() => void doImport()}
              >
                导入
              </button>
            </div>
          </>
        )}
        {result && (
          <div className="import-result" role="status">
            <p>
              导入完成：新增 {result.imported} 行，更新 {result.updated} 行，拒绝{' '}
              {result.rejected.length} 行。
            </p>
            {result.rejected.length > 0 && (
              <table className="import-rejected">
                <thead>
                  <tr>
                    <th>行号</th>
                    <th>原因</th>
                  </tr>
                </thead>
                <tbody>
                  {result.rejected.map((r) => (
                    <tr key={r.row}>
                      <td>第 {r.row} 行</td>
                      <td>{r.reasons.join('；')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {result.unknown && result.unknown.length > 0 && (
              <p className="muted small">未导入的列：{result.unknown.join('、')}</p>
            )}
            <div className="actions">
              <button type="button" className="primary" onClick={onClose}>
                完成
              </button>
            </div>
          </div>
        )}
      </div>
    </Dialog>
  )
}
