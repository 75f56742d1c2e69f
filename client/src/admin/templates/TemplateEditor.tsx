/**
 * @module admin/templates/TemplateEditor
 * Editing one template (SPEC §7): name and owning unit, then its parts — 列, 评分标准 (评分表),
 * 规则 (named checks and rules), 指标 — and 预览, with the draft checked live by the same
 * `validateDefinition` the server runs (each part shows the issues under its path), and
 * 发布: a new template (`POST /api/templates`) or the next version of a stored one (`PUT`);
 * a 422's issues are shown as the server sent them.
 */
import {
  type Column,
  type DefinitionIssue,
  type GridTemplate,
  type LedgerDefinition,
  type ScoringDefinition,
  type Unit,
} from '@taizhang/schema'
import { useDeferredValue, useMemo, useRef, useState } from 'react'
import { errorMessage } from '../../api/client'
import { createTemplate, publishIssues, publishVersion } from '../../templates/templateApi'
import { ChecksEditor } from './ChecksEditor'
import { ColumnsEditor } from './ColumnsEditor'
import { draftColumns, type TemplateDraft } from './draft'
import { IssueList } from './fields'
import { checkDraft, issuesUnder } from './issues'
import { IndicatorsEditor } from './IndicatorsEditor'
import { RulesEditor } from './RulesEditor'
import { ScoringEditor } from './ScoringEditor'
import { TemplatePreview } from './TemplatePreview'

type Part = 'columns' | 'scoring' | 'rules' | 'indicators' | 'preview'

const PART_LABELS: Record<Part, string> = {
  columns: '列',
  scoring: '评分标准',
  rules: '规则',
  indicators: '指标',
  preview: '预览',
}

/** Which top-level keys of the definition each part edits (for its issue count). */
const PART_KEYS: Record<Part, string[]> = {
  columns: ['columns', 'leading', 'trailing'],
  scoring: ['criteria', 'grades', 'rectificationFreeGrade'],
  rules: ['checks', 'rules'],
  indicators: ['indicators'],
  preview: [],
}

export function TemplateEditor({
  draft,
  onChange,
  units,
  onClose,
  onPublished,
}: {
  draft: TemplateDraft
  onChange(draft: TemplateDraft): void
  /** Units the admin may own a new template by. */
  units: readonly Unit[]
  onClose(): void
  onPublished(result: { id: string; version: number }): void
}) {
  const [part, setPart] = useState<Part>('columns')
  const [publishing, setPublishing] = useState(false)
  const [serverIssues, setServerIssues] = useState<DefinitionIssue[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [published, setPublished] = useState<{ id: string; version: number } | null>(null)
  // checked a moment behind while typing fast, as the server will check it on publish
  const deferred = useDeferredValue(draft)
  const checked = useMemo(() => checkDraft(deferred), [deferred])
  const lastGood = useRef<GridTemplate | null>(null)
  if (checked.ok) lastGood.current = checked.template
  const issues = checked.issues
  const def = draft.definition
  const columns = useMemo(() => draftColumns(def), [def])
  const columnIds = columns.map((c) => c.id)
  const scoring = !('columns' in def)
  const parts: Part[] = scoring
    ? ['columns', 'scoring', 'rules', 'indicators', 'preview']
    : ['columns', 'rules', 'indicators', 'preview']
  const setDef = (definition: TemplateDraft['definition']) => onChange({ ...draft, definition })
  const count = (p: Part) => PART_KEYS[p].reduce((n, key) => n + issuesUnder(issues, key).length, 0)

  const publish = async () => {
    setPublishing(true)
    setServerIssues(null)
    setError(null)
    try {
      const answer = draft.targetId
        ? await publishVersion(draft.targetId, { name: draft.name, definition: draft.definition })
        : await createTemplate({
            unitId: draft.unitId,
            kind: draft.kind,
            name: draft.name,
            definition: draft.definition,
          })
      setPublished(answer)
    } catch (e) {
      const refused = publishIssues(e)
      if (refused) setServerIssues(refused)
      else setError(errorMessage(e))
    } finally {
      setPublishing(false)
    }
  }

  if (published) {
    return (
      <section className="card admin-section">
        <h2>已发布</h2>
        <p role="status" data-testid="publish-result">
          表样「{draft.name}」（{published.id}）第{published.version}
          版已发布，本单位及下级单位新建表格时即可选用。
        </p>
        <button type="button" className="primary" onClick={() => onPublished(published)}>
          返回表样列表
        </button>
      </section>
    )
  }

  return (
    <section className="card admin-section template-editor">
      <div className="admin-head">
        <h2>
          {draft.targetId
            ? `发布「${draft.name}」的新版本（当前第${draft.baseVersion}版）`
            : '新建表样'}
        </h2>
        <span className="spacer" />
        <button type="button" onClick={onClose}>
          放弃修改
        </button>
      </div>
      <div className="field-row">
        <label className="field">
          <span>表样名称</span>
          <input
            value={draft.name}
            aria-label="表样名称"
            onChange={(e) => onChange({ ...draft, name: e.target.value })}
          />
        </label>
        {!draft.targetId && (
          <label className="field">
            <span>所属单位（本单位及下级可用）</span>
            <select
              value={draft.unitId}
              aria-label="所属单位"
              onChange={(e) => onChange({ ...draft, unitId: e.target.value })}
            >
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="muted small">类型：{scoring ? '评分表' : '台账'}</span>
      </div>
      <nav className="segmented" role="group" aria-label="表样内容">
        {parts.map((p) => (
          <button key={p} type="button" aria-pressed={part === p} onClick={() => setPart(p)}>
            {PART_LABELS[p]}
            {count(p) > 0 && <span className="issue-count">（{count(p)} 个问题）</span>}
          </button>
        ))}
      </nav>
      <div className="editor-part">
        {part === 'columns' && !scoring && (
          <ColumnsEditor
            columns={(def as LedgerDefinition).columns}
            onChange={(cols: Column[]) => setDef({ ...(def as LedgerDefinition), columns: cols })}
            issues={issues}
            path="columns"
            takenIds={columnIds}
          />
        )}
        {part === 'columns' && scoring && (
          <>
            <h3>评分项之前的列</h3>
            <ColumnsEditor
              columns={(def as ScoringDefinition).leading}
              onChange={(cols) => setDef({ ...(def as ScoringDefinition), leading: cols })}
              issues={issues}
              path="leading"
              takenIds={columnIds}
            />
            <h3>评分项之后的列</h3>
            <ColumnsEditor
              columns={(def as ScoringDefinition).trailing}
              onChange={(cols) => setDef({ ...(def as ScoringDefinition), trailing: cols })}
              issues={issues}
              path="trailing"
              takenIds={columnIds}
            />
          </>
        )}
        {part === 'scoring' && scoring && (
          <ScoringEditor
            definition={def as ScoringDefinition}
            onChange={setDef}
            issues={issues}
            takenIds={columnIds}
          />
        )}
        {part === 'rules' && (
          <>
            <h3>固定检查</h3>
            <ChecksEditor
              checks={def.checks}
              columns={columns}
              onChange={(checks) => setDef({ ...def, checks })}
              issues={issues}
            />
            <h3>规则</h3>
            <RulesEditor
              definition={def}
              columns={columns}
              onChange={(rules) => setDef({ ...def, rules })}
              issues={issues}
            />
          </>
        )}
        {part === 'indicators' && (
          <IndicatorsEditor
            definition={def}
            columns={columns}
            onChange={(indicators) => setDef({ ...def, indicators })}
            issues={issues}
          />
        )}
        {part === 'preview' && <TemplatePreview template={lastGood.current} stale={!checked.ok} />}
      </div>
      <div className="publish-bar">
        {checked.ok ? (
          <span className="ok" data-testid="draft-valid">
            校验通过
          </span>
        ) : (
          <IssueList
            issues={issues}
            title={`有 ${issues.length} 个问题需要修改：`}
            testId="draft-issues"
          />
        )}
        {serverIssues && (
          <IssueList issues={serverIssues} title="服务器拒绝发布：" testId="server-issues" />
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button
          type="button"
          className="primary"
          disabled={publishing || !checked.ok || !draft.name.trim() || !draft.unitId}
          onClick={() => void publish()}
        >
          {publishing ? '正在发布…' : draft.targetId ? '发布新版本' : '发布'}
        </button>
      </div>
    </section>
  )
}
