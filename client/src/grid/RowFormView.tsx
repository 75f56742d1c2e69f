/**
 * @module grid/RowFormView
 * The phone view of a sheet: one organisation (one row) per screen, usable at 375 px.
 * Fields are grouped like the grid's headers (人员, 党组织, 群团组织, 六有 …; the
 * ungrouped columns before them as 基本信息, after them as 其他), with the same
 * parsing (`parseCell` through `writeTypedCell`, LOCAL_ORIGIN, so Ctrl+Z in the grid
 * undoes form edits too) and the same findings shown under each field. 上一个 / 下一个
 * walk the rows in sheet order; 添加 appends a row and opens it.
 *
 * Props: doc, template, readOnly, findings (as SheetGrid), optional `rowId` to open
 * first and `onRowChange(rowId)` when the shown row changes (SheetPage can keep the
 * grid's focus in step).
 *
 * A field being typed in keeps its draft when a team mate changes the same value, and
 * is written on blur only if the person changed it — so tabbing through a form never
 * overwrites someone else's newer value with the old text (the rule of
 * `remoteEditDecision`, applied to plain inputs).
 */
import {
  DELETED,
  columnsOf,
  orderedRowIds,
  rowsMap,
  valueText,
  withComputed,
  type Column,
  type Finding,
  type GridTemplate,
} from '@taizhang/schema'
import { useEffect, useMemo, useRef, useState, type ChangeEvent } from 'react'
import type * as Y from 'yjs'
import { cellKey, indexFindings, type CellMark } from './cellMarks'
import { displayText } from './cellText'
import { formSections } from './formSections'
import { AttachmentField } from '../attachments/AttachmentField'
import { addRow, restoreRows, writeTypedCell } from './localWrites'
import { gridRowOf, type GridRow } from './rowChanges'
import './grid.css'

export interface RowFormViewProps {
  doc: Y.Doc
  template: GridTemplate
  readOnly: boolean
  findings: readonly Finding[]
  rowId?: string | null
  onRowChange?(rowId: string): void
}

/** Re-render on any change of the rows map (local, undo, remote). */
function useRowsVersion(doc: Y.Doc): number {
  const [version, setVersion] = useState(0)
  useEffect(() => {
    const rows = rowsMap(doc)
    let frame: ReturnType<typeof setTimeout> | null = null
    const bump = () => {
      if (frame === null) {
        frame = setTimeout(() => {
          frame = null
          setVersion((v) => v + 1)
        }, 16)
      }
    }
    rows.observeDeep(bump)
    return () => {
      rows.unobserveDeep(bump)
      if (frame !== null) clearTimeout(frame)
    }
  }, [doc])
  return version
}

export function RowFormView({
  doc,
  template,
  readOnly,
  findings,
  rowId,
  onRowChange,
}: RowFormViewProps) {
  const version = useRowsVersion(doc)
  // Deleted rows stay reachable while shown, so a row deleted under the person does
  // not vanish from the screen: they see it is deleted and may restore it.
  const [currentId, setCurrentId] = useState<string | null>(rowId ?? null)
  useEffect(() => {
    if (rowId) setCurrentId(rowId)
  }, [rowId])

  const ids = useMemo(() => orderedRowIds(doc), [doc, version])
  const shownId = currentId && gridRowOf(doc, currentId) ? currentId : (ids[0] ?? null)
  const row = useMemo(() => (shownId ? gridRowOf(doc, shownId) : null), [doc, shownId, version])
  const index = shownId ? ids.indexOf(shownId) : -1

  const onRowChangeRef = useRef(onRowChange)
  onRowChangeRef.current = onRowChange
  useEffect(() => {
    if (shownId) onRowChangeRef.current?.(shownId)
  }, [shownId])

  const sections = useMemo(() => formSections(columnsOf(template)), [template])
  const marks = useMemo(() => indexFindings(findings), [findings])

  const go = (i: number) => {
    const id = ids[i]
    if (id) setCurrentId(id)
  }
  const add = () => {
    if (readOnly) return
    setCurrentId(addRow(doc, ids[ids.length - 1] ?? null))
  }

  const titleColumn = columnsOf(template)[0]
  const title = row && titleColumn ? displayText(titleColumn, row[titleColumn.id]) : ''

  return (
    <div className="tz-form">
      <nav className="tz-form-nav" aria-label="逐行填报">
        <button type="button" onClick={() => go(index - 1)} disabled={index <= 0}>
          上一个
        </button>
        <span className="tz-form-title">
          {row
            ? `${index >= 0 ? index + 1 : '—'} / ${ids.length} · ${title || '（未命名）'}`
            : '暂无数据'}
        </span>
        <button
          type="button"
          onClick={() => go(index + 1)}
          disabled={index < 0 || index >= ids.length - 1}
        >
          下一个
        </button>
        {!readOnly && (
          <button type="button" onClick={add}>
            添加
          </button>
        )}
      </nav>
      {row?.[DELETED] && (
        <p className="tz-form-deleted">
          此行已删除。
          {!readOnly && (
            <button type="button" onClick={() => restoreRows(doc, [row.id])}>
              恢复
            </button>
          )}
        </p>
      )}
      {row &&
        sections.map((section) => (
          <fieldset key={section.title + section.columns[0]!.id}>
            <legend>{section.title}</legend>
            {section.columns.map((column) => (
              <Field
                key={column.id}
                doc={doc}
                template={template}
                row={row}
                column={column}
                readOnly={readOnly || row[DELETED]}
                mark={marks.get(cellKey(row.id, column.id))}
              />
            ))}
          </fieldset>
        ))}
    </div>
  )
}

interface FieldProps {
  doc: Y.Doc
  template: GridTemplate
  row: GridRow
  column: Column
  readOnly: boolean
  mark: CellMark | undefined
}

function Field({ doc, template, row, column, readOnly, mark }: FieldProps) {
  const id = `tz-f-${column.id}`
  const stored = valueText(row[column.id])
  // While the field has focus it shows the person's draft; `focusText` is what it
  // showed on focus, so an untouched field is never written back on blur.
  const [draft, setDraft] = useState<string | null>(null)
  const focusText = useRef('')
  const className = `tz-field${mark ? ` tz-field-${mark.severity}` : ''}`
  const label = (
    <label htmlFor={id} className={column.required ? 'tz-required' : undefined}>
      {column.label}
      {column.unit ? `(${column.unit})` : ''}
      {column.type === 'score' && column.max !== undefined ? `（满分 ${column.max}）` : ''}
    </label>
  )
  const messages = mark?.messages.map((message) => (
    <span key={message} className={`tz-field-message tz-${mark.severity}`}>
      {message}
    </span>
  ))

  if (column.type === 'computed') {
    const value = withComputed(template, row)[column.id] ?? null
    return (
      <div className={className}>
        {label}
        <output id={id} className="tz-field-computed">
          {displayText(column, value) || '—'}
        </output>
        {messages}
      </div>
    )
  }

  if (column.type === 'attachment') {
    // 佐证材料 (SPEC §10): photos from the camera, their ids written to the cell at once.
    return (
      <div className={className}>
        {label}
        <div id={id}>
          <AttachmentField
            value={row[column.id]}
            readOnly={readOnly}
            onChange={(text) => writeTypedCell(doc, row.id, column, text)}
          />
        </div>
        {messages}
      </div>
    )
  }

  const commit = (text: string) => {
    if (text !== focusText.current) writeTypedCell(doc, row.id, column, text)
  }
  const common = {
    id,
    disabled: readOnly,
    value: draft ?? stored,
    'aria-invalid': mark?.severity === 'error' ? true : undefined,
    onFocus: () => {
      focusText.current = stored
      setDraft(stored)
    },
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
      setDraft(e.target.value),
    onBlur: (e: { target: { value: string } }) => {
      commit(e.target.value)
      setDraft(null)
    },
  }

  let input
  if (column.type === 'option' || column.type === 'yesno') {
    const options = column.type === 'yesno' ? ['是', '否'] : (column.options ?? [])
    // A value that is not one of the options (typed elsewhere) stays visible and marked.
    const extra = stored !== '' && !options.includes(stored) ? [stored] : []
    input = (
      <select
        {...common}
        onChange={(e) => {
          setDraft(e.target.value)
          // Selects commit at once: there is no typing to wait for.
          commit(e.target.value)
          focusText.current = e.target.value
        }}
      >
        <option value="">（未填）</option>
        {[...options, ...extra].map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    )
  } else if (column.type === 'longText') {
    input = <textarea {...common} rows={3} />
  } else {
    const numeric = column.type === 'integer' || column.type === 'money' || column.type === 'score'
    input = (
      <input
        {...common}
        type="text"
        inputMode={numeric ? 'decimal' : column.type === 'phone' ? 'tel' : undefined}
        placeholder={column.type === 'date' ? '如 2026-03-05 或 2026年3月5日' : undefined}
        autoComplete="off"
      />
    )
  }
  return (
    <div className={className}>
      {label}
      {input}
      {messages}
    </div>
  )
}
