/**
 * @module admin/templates/TemplatesTab
 * 表样 (SPEC §7, §11): every template the admin may see — the built-ins and the stored ones
 * of the units on the admin's path and below — with its latest version, the sheets that use
 * each version (and 升级 to move one to the latest, showing the columns retyped or hidden),
 * 复制为新表样 from any template and 发布新版本 of a stored one the admin owns. Editing
 * happens in `TemplateEditor`; this file is the list.
 */
import { canAdminister, builtinTemplateById, type GridTemplate } from '@taizhang/schema'
import { useMemo, useState } from 'react'
import { errorMessage } from '../../api/client'
import { useSession } from '../../hooks/useSession'
import { templateRegistry } from '../../templates/sharedRegistry'
import type { TemplateSummary } from '../../templates/templateApi'
import { pickable, useUnits } from '../useAdminData'
import { draftForNextVersion, draftFromCopy, type TemplateDraft } from './draft'
import { SheetVersions } from './SheetVersions'
import { TemplateEditor } from './TemplateEditor'
import { useTemplateAdmin } from './useTemplateAdmin'
import './templates.css'

const KIND_LABELS: Record<string, string> = {
  ledger: '台账',
  scoring: '评分表',
  report: '调研报告',
}

/** The latest version of a listed template as a template object. */
async function loadLatest(t: TemplateSummary): Promise<GridTemplate> {
  const builtin = builtinTemplateById(t.id)
  if (builtin && builtin.kind !== 'report') return builtin
  const resolved = await templateRegistry.resolve(t.id, t.version)
  if (!resolved.template) throw new Error(resolved.problem ?? '无法读取表样')
  return resolved.template
}

export default function TemplatesTab() {
  const { user } = useSession()
  const { units, tree } = useUnits()
  const { templates, sheets, error, reload } = useTemplateAdmin()
  const [draft, setDraft] = useState<TemplateDraft | null>(null)
  const [open, setOpen] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const ownUnits = useMemo(
    () => pickable(units).filter((u) => user && canAdminister(tree, user, u.id)),
    [units, tree, user],
  )
  const unitName = (id: string | null) =>
    id === null ? '内置' : (units.find((u) => u.id === id)?.name ?? id)
  const mayEdit = (t: TemplateSummary) =>
    !t.builtIn && !!user && t.unitId !== null && canAdminister(tree, user, t.unitId)

  const start = async (t: TemplateSummary, how: 'copy' | 'next') => {
    setBusy(t.id)
    setLoadError(null)
    try {
      const template = await loadLatest(t)
      const unitId = how === 'next' ? t.unitId! : (ownUnits[0]?.id ?? '')
      setDraft(
        how === 'copy' ? draftFromCopy(template, unitId) : draftForNextVersion(template, unitId),
      )
    } catch (e) {
      setLoadError(errorMessage(e))
    } finally {
      setBusy(null)
    }
  }

  if (draft) {
    return (
      <TemplateEditor
        draft={draft}
        onChange={setDraft}
        units={ownUnits}
        onClose={() => setDraft(null)}
        onPublished={() => {
          setDraft(null)
          reload()
        }}
      />
    )
  }

  const grid = (templates ?? []).filter((t) => t.kind === 'ledger' || t.kind === 'scoring')
  return (
    <section className="card admin-section templates-tab">
      <div className="admin-head">
        <h2>表样</h2>
        <span className="muted small">
          内置表样和本单位及下级单位的表样；复制任一表样即可修改列、规则、指标后发布。已发布的版本不会再改变。
        </span>
      </div>
      {error && <p className="error">{error}</p>}
      {loadError && (
        <p className="error" role="alert">
          {loadError}
        </p>
      )}
      {!templates && !error && <p className="muted loading">正在加载表样…</p>}
      {templates && (
        <div className="table-scroll">
          <table className="admin-table" data-testid="template-list">
            <thead>
              <tr>
                <th>名称</th>
                <th>标识</th>
                <th>类型</th>
                <th>所属单位</th>
                <th>最新版本</th>
                <th>使用的表格</th>
                <th>操作</th>
              </tr>
            </thead>
            <tbody>
              {grid.map((t) => {
                const used = sheets.filter((s) => s.template === t.id).length
                return (
                  <tr key={t.id} data-template-id={t.id}>
                    <td>{t.name}</td>
                    <td className="mono">{t.id}</td>
                    <td>{KIND_LABELS[t.kind] ?? t.kind}</td>
                    <td>{unitName(t.unitId)}</td>
                    <td>第{t.version}版</td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        aria-expanded={open === t.id}
                        onClick={() => setOpen(open === t.id ? null : t.id)}
                      >
                        {used} 张表格
                      </button>
                    </td>
                    <td className="admin-actions">
                      <button
                        type="button"
                        disabled={busy !== null || ownUnits.length === 0}
                        onClick={() => void start(t, 'copy')}
                      >
                        复制为新表样
                      </button>
                      {mayEdit(t) && (
                        <button
                          type="button"
                          disabled={busy !== null}
                          onClick={() => void start(t, 'next')}
                        >
                          编辑并发布新版本
                        </button>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {open && templates && (
        <SheetVersions
          template={templates.find((t) => t.id === open)!}
          sheets={sheets}
          onMoved={reload}
        />
      )}
    </section>
  )
}
