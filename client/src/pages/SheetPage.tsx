/**
 * @module pages/SheetPage
 * One sheet (`/sheets/:id`): title, status badge, 在线/离线/同步中 indicator, who is here,
 * the workflow buttons the person may use, the grid (or the row form view on a phone),
 * the findings and conflicts panels and a cell's history. Opens from IndexedDB first,
 * so it works with no network; an accepted (locked) sheet is read-only. Columns, groups and
 * live findings follow the template version the sheet pinned (SPEC §7, hooks/useSheetTemplate),
 * cached in IndexedDB like the sheet.
 */
import {
  columnsOf,
  orderedRowIds,
  presenceColor,
  readRow,
  sheetAbilities,
  UnitTree,
  type SheetInfo,
  type Unit,
} from '@taizhang/schema'
import { lazy, Suspense, useCallback, useMemo, useRef, useState } from 'react'
import { fetchSheet, fetchUnits } from '../api/endpoints'
import { ConflictsPanel } from '../components/ConflictsPanel'
import { ConnectionIndicator } from '../components/ConnectionIndicator'
import { FindingsPanel } from '../components/FindingsPanel'
import { HistoryDialog } from '../components/HistoryDialog'
import { PresenceList } from '../components/PresenceList'
import { StatusBadge } from '../components/StatusBadge'
import { WorkflowBar } from '../components/WorkflowBar'
import { RowFormView } from '../grid/RowFormView'
import { SheetGrid, type SheetGridHandle } from '../grid/SheetGrid'
import { useCachedQuery } from '../hooks/useCachedQuery'
import { useConflicts } from '../hooks/useConflicts'
import { useFindings } from '../hooks/useFindings'
import { useMediaQuery } from '../hooks/useMediaQuery'
import { navigate } from '../hooks/useRoute'
import { useSheetPeople, useSheet } from '../hooks/useSheet'
import { useSession } from '../hooks/useSession'
import { useSheetTemplate } from '../hooks/useSheetTemplate'
import { cacheKeys } from '../sync/localStore'
import { InspectionSummary } from '../scoring/InspectionSummary'

// Only the grid path is in the main chunk: the report editor (Tiptap) and the sheet tools
// (export / import: exceljs, papaparse) load when first shown.
const ReportEditor = lazy(() =>
  import('../report/ReportEditor').then((m) => ({ default: m.ReportEditor })),
)
const SheetTools = lazy(() =>
  import('../sheetTools/SheetTools').then((m) => ({ default: m.SheetTools })),
)

interface FocusedCell {
  rowId: string
  colId: string
}

export function SheetPage({ sheetId }: { sheetId: string }) {
  const { user, token } = useSession()
  const info = useCachedQuery<SheetInfo>(cacheKeys.sheet(sheetId), () => fetchSheet(sheetId))
  const units = useCachedQuery<Unit[]>(cacheKeys.units, fetchUnits)
  const { session, doc, ready, status, meta } = useSheet(sheetId, token, user)
  const people = useSheetPeople(session?.connection ?? null)
  const gridRef = useRef<SheetGridHandle>(null)
  const [focused, setFocused] = useState<FocusedCell | null>(null)
  const [historyOf, setHistoryOf] = useState<FocusedCell | null>(null)
  const phone = useMediaQuery('(max-width: 720px)')
  const [panelOpen, setPanelOpen] = useState(() => !window.matchMedia('(max-width: 720px)').matches)
  // Phones get the row form view (one organisation per screen); either view can be chosen.
  const [chosenView, setChosenView] = useState<'grid' | 'form' | null>(null)
  const view = chosenView ?? (phone ? 'form' : 'grid')
  const [formRowId, setFormRowId] = useState<string | null>(null)

  // The sheet pins a template id and version (SPEC §7); the doc's copy works offline.
  const templateId = (meta.template as string | undefined) ?? info.data?.template
  const pinnedVersion = numberOrUndefined(meta.templateVersion ?? info.data?.templateVersion)
  const sheetTemplate = useSheetTemplate(templateId, pinnedVersion)
  const template = sheetTemplate.template
  const kind = sheetTemplate.kind ?? undefined
  const columns = useMemo(() => (template ? columnsOf(template) : []), [template])
  const sheetStatus = meta.status ?? info.data?.status ?? 'draft'
  const unitId = (meta.unitId as string | undefined) ?? info.data?.unitId
  const unitTree = useMemo(() => new UnitTree(units.data ?? []), [units.data])
  const abilities = user && unitId ? sheetAbilities(unitTree, user, unitId, sheetStatus) : null
  const readOnly = !abilities?.edit
  const findings = useFindings(ready ? doc : null, template)
  const conflicts = useConflicts(ready ? doc : null)
  // An acknowledged warning is settled: listed in the panel, no longer marked in the grid.
  const marked = useMemo(() => findings.findings.filter((f) => !f.ack), [findings])
  const online = status.state !== 'offline'
  const title = (meta.title as string | undefined) ?? info.data?.title ?? '表格'

  // Row numbers for the panels: one pass over the order per change of the findings
  // (which follow every row change), never one per listed finding.
  const rowIndex = useMemo(
    () => new Map(doc && ready ? orderedRowIds(doc).map((id, i) => [id, i] as const) : []),
    [doc, ready, findings, conflicts],
  )
  const rowLabel = useCallback(
    (rowId: string) => {
      const index = rowIndex.get(rowId)
      const row = doc ? readRow(doc, rowId) : undefined
      const name = row?.name ?? row?.org
      const number = index !== undefined ? `第 ${index + 1} 行` : '已删除的行'
      return name ? `${number}（${String(name)}）` : number
    },
    [doc, rowIndex],
  )

  const jump = useCallback(
    (rowId: string, colId: string) => {
      setFocused({ rowId, colId })
      if (view === 'form') setFormRowId(rowId)
      else gridRef.current?.focusCell(rowId, colId)
    },
    [view],
  )

  // The grid writes the awareness cursor itself; the page only remembers the cell for 修改记录.
  const onCellFocus = useCallback(
    (rowId: string, colId: string) => setFocused({ rowId, colId }),
    [],
  )
  const onCellContext = useCallback(
    (rowId: string, colId: string) => setHistoryOf({ rowId, colId }),
    [],
  )
  const me = useMemo(
    () => (user ? { id: user.id, name: user.displayName, color: presenceColor(user.id) } : null),
    [user],
  )

  const columnLabel = (colId: string) => columns.find((c) => c.id === colId)?.label ?? colId

  return (
    <div className="sheet-page">
      <header className="topbar">
        <button
          type="button"
          onClick={() => navigate(unitId ? `/?unit=${encodeURIComponent(unitId)}` : '/')}
        >
          ← 返回
        </button>
        <h1 className="sheet-name" title={title}>
          {title}
        </h1>
        <StatusBadge status={sheetStatus} />
        <ConnectionIndicator status={status} />
        <span className="spacer" />
        <PresenceList people={people} />
      </header>
      <div className="toolbar">
        {abilities && (
          <WorkflowBar
            sheetId={sheetId}
            abilities={abilities}
            online={online}
            errorCount={findings.errors}
            onDone={info.reload}
          />
        )}
        {sheetStatus === 'accepted' && <span className="locked">已审核，表格已锁定（只读）</span>}
        {sheetStatus !== 'accepted' && readOnly && <span className="locked">只读</span>}
        <span className="spacer" />
        {template && (
          <div className="segmented" role="group" aria-label="视图">
            <button
              type="button"
              aria-pressed={view === 'grid'}
              onClick={() => setChosenView('grid')}
            >
              表格
            </button>
            <button
              type="button"
              aria-pressed={view === 'form'}
              onClick={() => setChosenView('form')}
            >
              逐条
            </button>
          </div>
        )}
        <Suspense fallback={null}>
          <SheetTools
            sheetId={sheetId}
            kind={kind}
            doc={ready ? doc : null}
            template={template}
            title={title}
            unitId={unitId}
            unitName={units.data?.find((u) => u.id === unitId)?.name ?? ''}
            online={online}
            readOnly={readOnly}
            focusedRowId={focused?.rowId ?? null}
          />
        </Suspense>
        <button
          type="button"
          disabled={!focused || !online}
          onClick={() => setHistoryOf(focused)}
          title={online ? undefined : '离线时无法查看修改记录'}
        >
          修改记录
        </button>
        <button type="button" onClick={() => setPanelOpen((v) => !v)} aria-expanded={panelOpen}>
          {panelOpen ? '隐藏校验' : `校验（${findings.errors + findings.openWarnings}）`}
        </button>
      </div>
      {info.error && !info.data && <p className="error">{info.error}</p>}
      {status.refused && <p className="error banner">{status.refused}</p>}
      {sheetTemplate.problem && (
        <p className="error banner" role="alert" data-testid="template-problem">
          {sheetTemplate.problem}
        </p>
      )}
      <div className={panelOpen ? 'sheet-body with-panel' : 'sheet-body'}>
        <main className="grid-area">
          {!ready && <p className="muted loading">正在打开本地副本…</p>}
          {ready && doc && kind === 'report' && (
            <Suspense fallback={<p className="muted loading">正在加载报告编辑器…</p>}>
              <ReportEditor
                doc={doc}
                unitId={unitId}
                awareness={session?.connection?.awareness ?? null}
                readOnly={readOnly}
                online={online}
              />
            </Suspense>
          )}
          {ready && doc && template?.kind === 'scoring' && (
            <InspectionSummary doc={doc} template={template} />
          )}
          {ready && !kind && !sheetTemplate.problem && (
            <p className="muted loading">正在读取表格信息…</p>
          )}
          {ready && doc && template && view === 'form' && (
            <RowFormView
              doc={doc}
              template={template}
              readOnly={readOnly}
              findings={marked}
              rowId={formRowId ?? focused?.rowId ?? null}
              onRowChange={setFormRowId}
            />
          )}
          {ready && doc && template && session && me && view === 'grid' && (
            <SheetGrid
              ref={gridRef}
              doc={doc}
              template={template}
              readOnly={readOnly}
              findings={marked}
              conflicts={conflicts}
              awareness={session.connection?.awareness ?? null}
              me={me!}
              onCellFocus={onCellFocus}
              onCellContext={onCellContext}
            />
          )}
        </main>
        {panelOpen && doc && ready && template && (
          <aside className="side">
            <ConflictsPanel
              sheetId={sheetId}
              conflicts={conflicts}
              columns={columns}
              rowLabel={rowLabel}
              canResolve={!!abilities?.resolveConflicts}
              online={online}
              onJump={jump}
            />
            <FindingsPanel
              doc={doc}
              snapshot={findings}
              columns={columns}
              rowLabel={rowLabel}
              readOnly={readOnly}
              userName={user?.displayName ?? ''}
              onJump={jump}
            />
          </aside>
        )}
      </div>
      {historyOf && (
        <HistoryDialog
          sheetId={sheetId}
          rowId={historyOf.rowId}
          column={historyOf.colId}
          title={`${rowLabel(historyOf.rowId)} · ${columnLabel(historyOf.colId)}`}
          onClose={() => setHistoryOf(null)}
        />
      )}
    </div>
  )
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined
}
