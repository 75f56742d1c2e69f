/**
 * @module routes/exports
 * `GET /api/sheets/:id/export?format=xlsx|pdf|csv|docx` (SPEC §5, §6.3): anyone who may
 * read the sheet may export it. Ledger and scoring sheets export as xlsx, pdf (a scoring
 * sheet's PDF adds one 督查反馈单 page per organisation) and csv; a report (调研报告)
 * exports as docx only.
 * The footer says where the export came from: the unit, the filler (who last submitted
 * it, else who created it), the reviewer (who accepted it), the date of that step, and
 * the version — a hash of the document's Yjs snapshot (state vector + deletions), so
 * two exports of the same content carry the same hash — with the time it was taken.
 * Not for: writing the files (server/src/export/), the consolidation export
 * (routes/consolidation.ts).
 */
import { createHash } from 'node:crypto'
import {
  periodLabel,
  readMeta,
  readRows,
  reportTemplate,
  type ScoringTemplate,
  chinaTime,
  type ExportMeta,
  type SheetVersion,
} from '@taizhang/schema'
import { Hono } from 'hono'
import * as Y from 'yjs'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { download, safeFileName, type DownloadFormat } from '../http/download'
import { badRequest } from '../http/errors'
import { heavyLimit } from '../http/heavyLimit'
import { requireAuth } from '../http/requireAuth'
import { templateRegistry } from '../templates/TemplateRegistry'
import { readableSheet } from '../http/readableSheet'
import type { MetaStore } from '../storage/MetaStore'
import type { SheetRecord } from '../storage/SheetStore'

const FORMATS = new Set<DownloadFormat>(['xlsx', 'pdf', 'csv', 'docx'])

/** The version of a document as exports print it. */
export function sheetVersion(doc: Y.Doc, at = new Date()): SheetVersion {
  const snapshot = Y.encodeSnapshot(Y.snapshot(doc))
  return { hash: createHash('sha256').update(snapshot).digest('hex'), at: at.toISOString() }
}

/** Filler, reviewer and date for the footer, from the workflow log. */
async function signatures(
  store: MetaStore,
  sheet: SheetRecord,
): Promise<Pick<ExportMeta, 'filler' | 'reviewer' | 'date'>> {
  const events = await store.events.list(sheet.id)
  const last = (action: string) => events.filter((e) => e.action === action).at(-1)
  const submit = last('submit')
  const accept = sheet.status === 'accepted' ? last('accept') : undefined
  const nameOf = async (userId: string | null | undefined) =>
    userId ? (await store.users.byId(userId))?.displayName : undefined
  const step = accept ?? (sheet.status === 'draft' ? undefined : submit)
  return {
    filler: await nameOf(submit?.userId ?? sheet.createdBy),
    reviewer: await nameOf(accept?.userId),
    date: step ? chinaTime(step.at).slice(0, 10) : undefined,
  }
}

export function exportRoutes(deps: AppDeps) {
  const { store, sessions, rooms, audit = () => {} } = deps
  const auth = requireAuth({ sessions })
  return new Hono<AppEnv>().get('/:id/export', auth, heavyLimit(deps), async (c) => {
    const { sheet, tree } = await readableSheet(store, c.get('user'), c.req.param('id'))
    const format = (c.req.query('format') ?? 'xlsx') as DownloadFormat
    if (!FORMATS.has(format)) {
      throw badRequest('导出格式只能是 xlsx、pdf、csv 或 docx', 'bad-format')
    }
    if ((sheet.template === 'report') !== (format === 'docx')) {
      throw badRequest(
        sheet.template === 'report'
          ? '调研报告只能导出为 docx'
          : '只有调研报告可以导出为 docx；表格请选择 xlsx、pdf 或 csv',
        'bad-format',
      )
    }
    const doc = await rooms.getDoc(sheet.id)
    const version = sheetVersion(doc)
    const unitName = tree.get(sheet.unitId)?.name ?? ''
    const title = sheet.title
    const fileBase = title.includes(unitName) ? title : `${unitName}${title}`
    const fileName = safeFileName(fileBase, format)
    audit({
      userId: c.get('user').id,
      action: 'sheet-export',
      detail: { sheetId: sheet.id, format, version: version.hash },
    })

    if (sheet.template === 'report') {
      const meta = readMeta(doc)
      const text = (v: unknown, fallback = '') => (typeof v === 'string' && v ? v : fallback)
      const sections = Object.fromEntries(
        reportTemplate.sections.map((s) => [s.id, doc.getXmlFragment(s.id)]),
      )
      const { writeReportDocx } = await import('../export/reportDocx')
      const bytes = await writeReportDocx({
        title: text(meta.title, title),
        surveyUnit: text(meta.surveyUnit, unitName),
        surveyDate: text(meta.surveyDate),
        sections,
        version,
      })
      return download(c, bytes, 'docx', fileName)
    }

    // the columns and groups of the version the sheet is pinned to (SPEC §7)
    const template = (await templateRegistry(store).gridFor(sheet))!
    const rows = readRows(doc)
    // a round's sheet names its period in the footer (SPEC §8)
    const round = (await store.rounds.roundsOfSheets([sheet.id])).get(sheet.id)
    const meta: ExportMeta = {
      unitName,
      title,
      version,
      ...(await signatures(store, sheet)),
      ...(round ? { period: periodLabel(round.period) } : {}),
    }
    // the writers are loaded on first use: exceljs and pdfmake would slow every start
    let bytes: Uint8Array
    if (format === 'xlsx') {
      bytes = await (await import('../export/sheetXlsx')).writeSheetXlsx({ template, rows, meta })
    } else if (format === 'csv') {
      bytes = (await import('../export/sheetCsv')).writeSheetCsv({ template, rows })
    } else if (template.kind === 'scoring') {
      const { writeScoringPdf } = await import('../export/sheetPdf')
      bytes = await writeScoringPdf({ template: template as ScoringTemplate, rows, meta })
    } else {
      bytes = await (await import('../export/sheetPdf')).writeSheetPdf({ template, rows, meta })
    }
    return download(c, bytes, format, fileName)
  })
}
