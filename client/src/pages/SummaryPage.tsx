/**
 * @module pages/SummaryPage
 * 汇总 of a unit (`/units/:id/summary`, SPEC §2.4): one row per child unit and 合计,
 * from the accepted sheets below (或 最新报送, clearly marked 未审核), recomputed live
 * (polled while visible, at once on focus). Every figure opens the rows it counts; per
 * child the sheets 未报送 / 已退回 are listed and rows with errors counted. Above the
 * table the dashboard charts; the shown 汇总表 (网格台账 or 督查评分) exports as xlsx or PDF
 * from the server. 其他表样 picks any other ledger or scoring template the person may use
 * (SPEC §7 `?template=ID`): its indicators as columns, units below a target marked 未达标.
 * Not for: the figures themselves (server + schema) or the table layout (summary/).
 */
import type { DrillDownFigure, LedgerIndicators, ScoringIndicators } from '@taizhang/schema'
import { comparePeriods, periodLabel, type RoundInfo } from '@taizhang/schema'
import { useEffect, useMemo, useState } from 'react'
import { errorMessage } from '../api/client'
import { Dashboard, TemplateDashboard } from '../dashboard/Dashboard'
import { TrendChart } from '../dashboard/TrendChart'
import { fetchRounds } from '../rounds/roundsApi'
import { downloadFromServer } from '../export/download'
import { navigate } from '../hooks/useRoute'
import { useSheetTemplate } from '../hooks/useSheetTemplate'
import { useTemplates } from '../hooks/useTemplates'
import { templateChoices } from '../templates/templateChoices'
import {
  consolidationExportPath,
  type ConsolidationState,
  type LedgerResult,
  type ScoringResult,
  type TemplateChoice,
  type TemplateResult,
} from '../summary/consolidationApi'
import { DrillDownPanel } from '../summary/DrillDownPanel'
import { ledgerColumns, scoringColumns } from '../summary/summaryColumns'
import { SummaryTable } from '../summary/SummaryTable'
import { templateColumns } from '../summary/templateColumns'
import { useConsolidation } from '../summary/useConsolidation'
import '../summary/summary.css'

const LEDGER_COLUMNS = ledgerColumns()

export function SummaryPage({ unitId }: { unitId: string }) {
  const [template, setTemplate] = useState<TemplateChoice>('ledger')
  const templates = useTemplates()
  const others = useMemo(
    () =>
      templateChoices(templates.data, ['ledger', 'scoring']).filter(
        (t) => t.id !== 'ledger' && t.id !== 'scoring',
      ),
    [templates.data],
  )
  const customId = template !== 'ledger' && template !== 'scoring' ? template : null
  const [state, setState] = useState<ConsolidationState>('accepted')
  const [figure, setFigure] = useState<(DrillDownFigure & { label: string }) | null>(null)
  const [exporting, setExporting] = useState<string | null>(null)
  const [exportError, setExportError] = useState<string | null>(null)
  // 报送期次 (SPEC §8): '' = the server's default, the latest period; 'all' = every sheet
  const [rounds, setRounds] = useState<RoundInfo[]>([])
  const [round, setRound] = useState('')
  useEffect(() => {
    let cancelled = false
    fetchRounds(unitId).then(
      (list) => {
        if (cancelled) return
        const ledgerRounds = list
          .filter((r) => r.template === 'ledger')
          .sort((a, b) => comparePeriods(b.period, a.period))
        setRounds(ledgerRounds)
      },
      () => {},
    )
    return () => {
      cancelled = true
    }
  }, [unitId])
  const roundId = round || undefined
  const ledger = useConsolidation(unitId, 'ledger', state, undefined, roundId)
  const scoring = useConsolidation(unitId, 'scoring', state)
  const custom = useConsolidation<TemplateResult>(unitId, customId, state)
  const customData = customId ? custom.data : null
  // the version the server consolidated with (its last good one), else the latest listed
  const customTemplate = useSheetTemplate(
    customId ?? undefined,
    numberOr(customData?.templateVersion, others.find((t) => t.id === customId)?.version),
  ).template
  const customCols = useMemo(
    () =>
      customTemplate && customData
        ? templateColumns(customTemplate.indicators, customData.total)
        : [],
    [customTemplate, customData],
  )
  const live = customId ? custom : template === 'ledger' ? ledger : scoring
  const ledgerData = ledger.data?.template === 'ledger' ? (ledger.data as LedgerResult) : null
  const scoringData = scoring.data?.template === 'scoring' ? (scoring.data as ScoringResult) : null
  const gradeKeys = useMemo(() => Object.keys(scoringData?.total.grades ?? {}), [scoringData])
  const scoringCols = useMemo(() => scoringColumns(gradeKeys), [gradeKeys])

  const choose = (next: { template?: TemplateChoice; state?: ConsolidationState }) => {
    setFigure(null)
    if (next.template) setTemplate(next.template)
    if (next.state) setState(next.state)
  }

  const exportAs = async (format: 'xlsx' | 'pdf') => {
    setExporting(format)
    setExportError(null)
    try {
      const what = customId
        ? `${others.find((t) => t.id === customId)?.name ?? customId}汇总表`
        : template === 'ledger'
          ? '网格台账汇总表'
          : '督查评分汇总表'
      const chosen =
        template === 'ledger' ? rounds.find((r) => r.id === (roundId ?? rounds[0]?.id)) : undefined
      const name = `${live.data?.unitName ?? '本单位'}${chosen ? periodLabel(chosen.period) : ''}${what}.${format}`
      await downloadFromServer(
        consolidationExportPath(
          unitId,
          template,
          format,
          state,
          template === 'ledger' ? roundId : undefined,
        ),
        name,
      )
    } catch (e) {
      setExportError(errorMessage(e))
    } finally {
      setExporting(null)
    }
  }

  const unitName = live.data?.unitName ?? ledger.data?.unitName ?? ''
  return (
    <div className="summary">
      <header className="topbar">
        <button type="button" onClick={() => navigate(`/?unit=${encodeURIComponent(unitId)}`)}>
          ← 返回
        </button>
        <h1>{unitName ? `${unitName} 汇总` : '汇总'}</h1>
        <span className="spacer" />
        <span className="muted small" aria-live="polite">
          {live.fetchedAt
            ? `自动刷新 · 更新于 ${live.fetchedAt.toLocaleTimeString('zh-CN', { hour12: false })}`
            : '正在计算…'}
        </span>
      </header>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="汇总内容">
          <button
            type="button"
            aria-pressed={template === 'ledger'}
            onClick={() => choose({ template: 'ledger' })}
          >
            网格台账
          </button>
          <button
            type="button"
            aria-pressed={template === 'scoring'}
            onClick={() => choose({ template: 'scoring' })}
          >
            督查评分
          </button>
        </div>
        {others.length > 0 && (
          <label className="round-pick">
            其他表样
            <select
              name="template"
              aria-label="其他表样"
              value={customId ?? ''}
              onChange={(e) => choose({ template: e.target.value || 'ledger' })}
            >
              <option value="">（不选）</option>
              {others.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="segmented" role="group" aria-label="数据范围">
          <button
            type="button"
            aria-pressed={state === 'accepted'}
            onClick={() => choose({ state: 'accepted' })}
          >
            已审核
          </button>
          <button
            type="button"
            aria-pressed={state === 'latest'}
            onClick={() => choose({ state: 'latest' })}
          >
            最新报送（未审核）
          </button>
        </div>
        {template === 'ledger' && rounds.length > 0 && (
          <label className="round-pick">
            报送期次
            <select
              name="round"
              value={round}
              onChange={(e) => {
                setFigure(null)
                setRound(e.target.value)
              }}
            >
              <option value="">最新一期</option>
              {rounds.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                </option>
              ))}
              <option value="all">全部表格</option>
            </select>
          </label>
        )}
        <span className="spacer" />
        <button type="button" disabled={!!exporting} onClick={() => void exportAs('xlsx')}>
          {exporting === 'xlsx' ? '正在导出…' : '导出 Excel'}
        </button>
        <button type="button" disabled={!!exporting} onClick={() => void exportAs('pdf')}>
          {exporting === 'pdf' ? '正在导出…' : '导出 PDF'}
        </button>
      </div>
      <main>
        {state === 'latest' && (
          <p className="banner warning-banner" role="note">
            未审核：此汇总包含已报送但尚未审核的表格，数据可能还会变化，仅供参考。
          </p>
        )}
        {exportError && <p className="error">{exportError}</p>}
        {live.error && <p className="error">{live.error}</p>}
        {!live.data && !live.error && <p className="muted loading">正在计算汇总…</p>}
        {template === 'ledger' && ledgerData && (
          <SummaryTable<LedgerIndicators>
            columns={LEDGER_COLUMNS}
            rows={ledgerData.units.map((u) => ({ values: u, child: u }))}
            total={ledgerData.total}
            selected={figure}
            onFigure={setFigure}
          />
        )}
        {template === 'scoring' && scoringData && (
          <SummaryTable<ScoringIndicators>
            columns={scoringCols}
            rows={scoringData.units.map((u) => ({ values: u, child: u }))}
            total={scoringData.total}
            selected={figure}
            onFigure={setFigure}
          />
        )}
        {customId && customData && (
          <>
            {!customTemplate && <p className="muted loading">正在读取表样…</p>}
            {customTemplate && (
              <SummaryTable<Record<string, unknown>>
                columns={customCols}
                rows={customData.units.map((u) => ({ values: u, child: u }))}
                total={customData.total}
                selected={null}
              />
            )}
          </>
        )}
        {live.data && live.data.units.length === 0 && (
          <p className="muted">本单位没有下级单位，无可汇总的内容。</p>
        )}
        {figure && (
          <DrillDownPanel
            key={`${template}|${state}`}
            unitId={unitId}
            template={template}
            custom={customId ? customTemplate : undefined}
            state={state}
            figure={figure}
            version={live.data?.generatedAt ?? null}
            round={template === 'ledger' ? roundId : undefined}
            onClose={() => setFigure(null)}
          />
        )}
        {customId ? (
          <TemplateDashboard result={customData} indicators={customTemplate?.indicators ?? []} />
        ) : (
          <Dashboard ledger={ledgerData} scoring={scoringData} />
        )}
        <TrendChart unitId={unitId} />
      </main>
    </div>
  )
}

function numberOr(value: unknown, fallback: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback
}
