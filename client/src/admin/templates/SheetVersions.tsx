/**
 * @module admin/templates/SheetVersions
 * The sheets of one template by the version they pinned (SPEC §7), and 升级到第N版 for a sheet
 * on an earlier version (`POST /api/sheets/:id/template`): the answer's retyped columns
 * (values re-read; text that no longer reads is kept and marked `type`) and hidden columns
 * (values kept in the document, not shown) are shown with their labels. For a stored template
 * the admin owns, a latest version that no longer validates is shown with its issues and the
 * version sheets use instead (the server's `problem`).
 */
import { STATUS_LABELS } from '@taizhang/schema'
import { useEffect, useState } from 'react'
import { errorMessage } from '../../api/client'
import {
  fetchTemplateDocument,
  moveSheetToVersion,
  type TemplateDocumentWire,
  type TemplateMove,
  type TemplateSummary,
} from '../../templates/templateApi'
import { IssueList } from './fields'
import { canMove, sheetsByVersion, type PinnedSheet } from './sheetsByVersion'

export function SheetVersions({
  template,
  sheets,
  onMoved,
}: {
  template: TemplateSummary
  sheets: readonly PinnedSheet[]
  onMoved(): void
}) {
  const [busy, setBusy] = useState<string | null>(null)
  const [result, setResult] = useState<{ title: string; move: TemplateMove } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const uses = sheetsByVersion(sheets, template.id)
  const [latest, setLatest] = useState<TemplateDocumentWire | null>(null)
  useEffect(() => {
    setLatest(null)
    if (template.builtIn) return
    let cancelled = false
    fetchTemplateDocument(template.id).then(
      (doc) => {
        if (!cancelled) setLatest(doc)
      },
      () => {},
    )
    return () => {
      cancelled = true
    }
  }, [template.id, template.builtIn, template.version])

  const move = async (sheet: PinnedSheet) => {
    setBusy(sheet.id)
    setError(null)
    try {
      const answer = await moveSheetToVersion(sheet.id, template.version)
      setResult({ title: sheet.title, move: answer })
      onMoved()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(null)
    }
  }

  return (
    <div className="sheet-versions" data-testid="sheet-versions">
      <h3>「{template.name}」的表格</h3>
      {latest?.versions && latest.versions.length > 0 && (
        <p className="muted small">
          已发布版本：{latest.versions.map((v) => `第${v}版`).join('、')}
        </p>
      )}
      {latest?.problem && (
        <div className="banner warning-banner" data-testid="template-problem">
          第{latest.problem.version}版未通过校验
          {latest.problem.usedVersion
            ? `，使用此表样的表格按第${latest.problem.usedVersion}版校验`
            : '，且没有可用的早期版本'}
          。请修改后发布新版本。
          <IssueList issues={latest.problem.issues} />
        </div>
      )}
      {uses.length === 0 && <p className="muted">还没有表格使用此表样。</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div className="banner-info" role="status" data-testid="move-result">
          「{result.title}」已升级到第{result.move.version}版。
          {result.move.retyped.length > 0
            ? ` 改变类型后重新读取的列：${result.move.retyped.join('、')}（读不出的内容保留并标为类型错误）。`
            : ' 没有改变类型的列。'}
          {result.move.hidden.length > 0
            ? ` 新版本中不再显示的列：${result.move.hidden.join('、')}（数据仍保留在表格中）。`
            : ' 没有隐藏的列。'}
        </div>
      )}
      {uses.map((use) => (
        <div key={use.version}>
          <h4>
            第{use.version}版 · {use.sheets.length} 张
            {use.version === template.version && <span className="muted small">（最新）</span>}
          </h4>
          <ul className="version-sheets">
            {use.sheets.map((s) => (
              <li key={s.id} data-sheet-id={s.id}>
                <a href={`/sheets/${encodeURIComponent(s.id)}`}>{s.title}</a>
                <span className="muted small">{STATUS_LABELS[s.status] ?? s.status}</span>
                {canMove(s, template.version) && (
                  <button type="button" disabled={busy !== null} onClick={() => void move(s)}>
                    {busy === s.id ? '正在升级…' : `升级到第${template.version}版`}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  )
}
