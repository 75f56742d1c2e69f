/**
 * @module admin/templates/TemplatePreview
 * 预览 (SPEC §7): the draft as a sheet — the real grid (grouped headers, editors, marks) over
 * a few sample rows in a throw-away doc, and the findings they raise, live as the draft or the
 * rows change (type into the preview to try a rule). Shows the last draft that validated.
 */
import { columnsOf, orderedRowIds, presenceColor, type GridTemplate } from '@taizhang/schema'
import { useEffect, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import { SheetGrid } from '../../grid/SheetGrid'
import { useFindings } from '../../hooks/useFindings'
import { previewDoc } from './previewRows'

const ME = { id: 'preview', name: '预览', color: presenceColor('preview') }

export function TemplatePreview({
  template,
  stale,
}: {
  template: GridTemplate | null
  stale: boolean
}) {
  const [doc, setDoc] = useState<Y.Doc | null>(null)
  useEffect(() => {
    if (!doc && template) setDoc(previewDoc(template))
  }, [doc, template])
  useEffect(() => () => doc?.destroy(), [doc])
  const findings = useFindings(doc, template)
  const labels = useMemo(
    () => new Map(template ? columnsOf(template).map((c) => [c.id, c.label]) : []),
    [template],
  )
  // row numbers follow the findings, which follow every row change
  const rowNumber = useMemo(
    () => new Map(doc ? orderedRowIds(doc).map((id, i) => [id, i + 1] as const) : []),
    [doc, findings],
  )
  if (!template || !doc) return <p className="muted">表样通过校验后在此预览。</p>
  return (
    <div className="template-preview" data-testid="template-preview">
      {stale && (
        <p className="banner warning-banner">
          当前修改未通过校验，预览显示的是上一次通过校验的表样。
        </p>
      )}
      <div className="admin-actions">
        <span className="muted small">示例数据，可直接在表格中修改以试验规则；不会保存。</span>
        <button type="button" onClick={() => setDoc(previewDoc(template))}>
          重置示例行
        </button>
      </div>
      <div className="preview-grid">
        <SheetGrid
          doc={doc}
          template={template}
          readOnly={false}
          findings={findings.findings}
          conflicts={[]}
          awareness={null}
          me={ME}
        />
      </div>
      <h4>
        校验结果：错误 {findings.errors} 条，提醒 {findings.findings.length - findings.errors} 条
      </h4>
      <ul className="preview-findings" data-testid="preview-findings">
        {findings.findings.map((f, n) => (
          <li key={n} className={f.severity === 'error' ? 'error' : 'warning'} data-rule={f.rule}>
            第 {rowNumber.get(f.rowId) ?? '?'} 行 · {labels.get(f.column) ?? f.column}：{f.message}
            <span className="muted small">（{f.rule}）</span>
          </li>
        ))}
      </ul>
    </div>
  )
}
