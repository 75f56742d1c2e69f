/**
 * @module report/ReportEditor
 * The 调研报告 editor (SPEC §2.3): 标题 / 调研单位 / 调研时间 in the doc's
 * `meta` map, then the four sections, each a collaborative Tiptap editor on its own
 * `Y.XmlFragment` of the sheet's Y.Doc (the doc `useSheet` opened, so it is stored in
 * IndexedDB and synced like any sheet). 插入统计表 puts a statistics table from the
 * unit's ledger consolidation at the top of 一、基本情况, or refreshes the one there.
 * Not for: exporting (the 导出 menu asks the server for docx).
 */
import {
  REPORT_SECTIONS,
  reportFragment,
  reportTemplate,
  statsTableIndex,
  writeMeta,
  writeStatsTable,
} from '@taizhang/schema'
import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { errorMessage } from '../api/client'
import { useDocMeta } from '../hooks/useSheet'
import { fetchConsolidation } from '../summary/consolidationApi'
import { SectionEditor } from './SectionEditor'
import { statsSourceLine, statsTableRows } from './statsTable'
import './report.css'

interface Props {
  doc: Y.Doc
  unitId: string | undefined
  awareness: Awareness | null
  readOnly: boolean
  online: boolean
}

const LABELS = new Map(reportTemplate.sections.map((s) => [s.id, s.label]))

/** A meta text field written to the doc as the person types. */
function MetaField({
  doc,
  field,
  label,
  value,
  type = 'text',
  readOnly,
}: {
  doc: Y.Doc
  field: string
  label: string
  value: unknown
  type?: 'text' | 'date'
  readOnly: boolean
}) {
  return (
    <label className="report-meta-field">
      <span>{label}</span>
      <input
        type={type}
        value={typeof value === 'string' ? value : ''}
        readOnly={readOnly}
        data-field={field}
        onChange={(e) => writeMeta(doc, { [field]: e.target.value })}
      />
    </label>
  )
}

export function ReportEditor({ doc, unitId, awareness, readOnly, online }: Props) {
  const meta = useDocMeta(doc)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [hasTable, setHasTable] = useState(() => statsTableIndex(reportFragment(doc, 'basic')) >= 0)

  useEffect(() => {
    const basic = reportFragment(doc, 'basic')
    const update = () => setHasTable(statsTableIndex(basic) >= 0)
    update()
    basic.observe(update)
    return () => basic.unobserve(update)
  }, [doc])

  const insertStats = async () => {
    if (!unitId) return
    setBusy(true)
    setMessage(null)
    try {
      const result = await fetchConsolidation(unitId, 'ledger', 'accepted')
      if (result.template !== 'ledger') throw new Error('汇总类型不符')
      writeStatsTable(
        doc,
        statsTableRows(result.units, result.total),
        statsSourceLine(result.unitName, result.generatedAt, true),
      )
      setMessage(hasTable ? '统计表已刷新' : '统计表已插入 一、基本情况')
    } catch (e) {
      setMessage(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="report-editor">
      <div className="report-meta card">
        <MetaField doc={doc} field="title" label="标题" value={meta.title} readOnly={readOnly} />
        <MetaField
          doc={doc}
          field="surveyUnit"
          label="调研单位"
          value={meta.surveyUnit}
          readOnly={readOnly}
        />
        <MetaField
          doc={doc}
          field="surveyDate"
          label="调研时间"
          type="date"
          value={meta.surveyDate}
          readOnly={readOnly}
        />
        <div className="report-stats-action">
          <button
            type="button"
            disabled={readOnly || busy || !online || !unitId}
            title={online ? '根据本单位已审核的台账汇总生成' : '离线时无法读取汇总'}
            onClick={() => void insertStats()}
          >
            {busy ? '正在读取汇总…' : hasTable ? '刷新统计表' : '插入统计表'}
          </button>
          {message && (
            <span className="small muted" role="status">
              {message}
            </span>
          )}
        </div>
      </div>
      {REPORT_SECTIONS.map((id) => (
        <SectionEditor
          key={id}
          id={id}
          label={LABELS.get(id) ?? id}
          fragment={reportFragment(doc, id)}
          awareness={awareness}
          readOnly={readOnly}
        />
      ))}
    </div>
  )
}
