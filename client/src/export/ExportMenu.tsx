/**
 * @module export/ExportMenu
 * The 导出 menu of a sheet (SPEC §5): xlsx / PDF / CSV for ledgers and scoring sheets,
 * Word (docx) for an investigation report, downloaded from the server (which stamps the
 * footer with filler, reviewer and version). With no network, xlsx and CSV are built in
 * the browser from the local copy (offlineExport.ts) — also when the server turns out
 * to be unreachable mid-click; PDF and Word need the server and say so.
 * Not for: the file writers themselves.
 */
import type { GridTemplate, TemplateKind } from '@taizhang/schema'
import { useEffect, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { ApiError, errorMessage } from '../api/client'
import { downloadFromServer, saveBlob } from './download'
import { offlineCsv, offlineXlsx } from './offlineExport'
import './export.css'

type Format = 'xlsx' | 'pdf' | 'csv' | 'docx'

const LABELS: Record<Format, string> = {
  xlsx: 'Excel（xlsx）',
  pdf: 'PDF',
  csv: 'CSV',
  docx: 'Word（docx）',
}

interface Props {
  sheetId: string
  kind: TemplateKind
  doc: Y.Doc | null
  template: GridTemplate | null
  title: string
  unitName: string
  online: boolean
}

/** Characters a file name may not hold on Windows, replaced. */
const fileSafe = (name: string) => name.replace(/[\\/:*?"<>|]+/g, '_').trim() || '表格'

export function ExportMenu({ sheetId, kind, doc, template, title, unitName, online }: Props) {
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState<Format | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const box = useRef<HTMLDivElement>(null)
  const formats: Format[] = kind === 'report' ? ['docx'] : ['xlsx', 'pdf', 'csv']

  useEffect(() => {
    if (!open) return
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', close)
    return () => document.removeEventListener('mousedown', close)
  }, [open])

  const buildLocally = async (format: 'xlsx' | 'csv') => {
    if (!doc || !template) throw new Error('本地副本尚未打开')
    const input = { doc, template, title, unitName }
    const blob = format === 'xlsx' ? await offlineXlsx(input) : offlineCsv(input)
    saveBlob(blob, `${fileSafe(`${unitName}${title}`)}.${format}`)
    setMessage('已离线导出（根据本机保存的副本生成）')
  }

  const run = async (format: Format) => {
    setOpen(false)
    setBusy(format)
    setMessage(null)
    const local = format === 'xlsx' || format === 'csv'
    try {
      if (!online || !navigator.onLine) {
        if (!local) throw new ApiError('离线时无法导出 PDF 或 Word，请联网后再试', 0)
        await buildLocally(format)
        return
      }
      try {
        await downloadFromServer(
          `/api/sheets/${encodeURIComponent(sheetId)}/export?format=${format}`,
          `${fileSafe(`${unitName}${title}`)}.${format}`,
        )
      } catch (e) {
        if (local && e instanceof ApiError && e.offline) await buildLocally(format)
        else throw e
      }
    } catch (e) {
      setMessage(errorMessage(e))
    } finally {
      setBusy(null)
    }
  }

  const offline = !online
  return (
    <div className="export-menu" ref={box}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={!!busy}
        onClick={() => setOpen((v) => !v)}
      >
        {busy ? '正在导出…' : '导出 ▾'}
      </button>
      {open && (
        <ul className="export-list" role="menu">
          {formats.map((f) => {
            const needsServer = f === 'pdf' || f === 'docx'
            return (
              <li key={f} role="none">
                <button
                  type="button"
                  role="menuitem"
                  data-format={f}
                  disabled={offline && needsServer}
                  title={offline && needsServer ? '离线时不可用' : undefined}
                  onClick={() => void run(f)}
                >
                  {LABELS[f]}
                  {offline && !needsServer && <span className="muted small">（离线）</span>}
                </button>
              </li>
            )
          })}
        </ul>
      )}
      {message && (
        <span className="export-message small" role="status">
          {message}
        </span>
      )}
    </div>
  )
}
