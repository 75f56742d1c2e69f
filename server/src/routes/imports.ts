/**
 * @module routes/imports
 * `POST /api/sheets/:id/import` (SPEC §5, §6.3), multipart form:
 *   file     the xlsx or csv file (at most 10 MiB: 413 beyond);
 *   mapping  optional JSON `{"表头": "columnId" | null}` for headers mapped by hand;
 *   preview  `1`: change nothing, answer the detected mapping, unknown headers, missing
 *            required columns and the first rows with what would happen to each.
 * → `{imported, updated, rejected:[{row, reasons}], unknown, skipped}`, `row` the 1-based
 * data row. Good rows are added (or update the row with the same 统一社会信用代码) in ONE
 * server change: stored, then relayed to everyone who has the sheet open.
 * Only a user who may write the sheet may import; an accepted (locked) sheet is refused
 * (409); an unusable file is a 400 with one Chinese line and changes nothing.
 * Not for: reading and planning (import/importLedger.ts).
 */
import { canWrite, columnsOf, readRows, type GridTemplate } from '@taizhang/schema'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { TableReadError } from '../files/TableReadError'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { ApiError, badRequest, conflict, forbidden } from '../http/errors'
import { requireAuth } from '../http/requireAuth'
import { templateRegistry } from '../templates/TemplateRegistry'
import { checkRowCap, DEFAULT_MAX_ROWS_PER_SHEET } from '../import/rowCap'
import { readableSheet } from '../http/readableSheet'
import {
  checkHandMapping,
  importIntoDoc,
  planImport,
  readImportFile,
  type HandMapping,
  type ImportPlan,
} from '../import/importLedger'

/** Largest accepted file. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024
/** Largest accepted request: the multipart envelope and the mapping field come on top of the file. */
export const MAX_IMPORT_BODY_BYTES = MAX_IMPORT_BYTES + 256 * 1024
/** Rows shown by a preview. */
const PREVIEW_ROWS = 20

const tooLarge = () => new ApiError(413, 'too-large', '文件超过 10 MiB，请拆分成几个文件后分别导入')

export function importRoutes(deps: AppDeps) {
  const { store, sessions, rooms, audit = () => {} } = deps
  const maxRows = deps.maxRowsPerSheet ?? DEFAULT_MAX_ROWS_PER_SHEET
  const auth = requireAuth({ sessions })
  return new Hono<AppEnv>().post(
    '/:id/import',
    auth,
    bodyLimit({
      maxSize: MAX_IMPORT_BODY_BYTES,
      onError: () => {
        throw tooLarge()
      },
    }),
    async (c) => {
      const user = c.get('user')
      const { sheet, tree } = await readableSheet(store, user, c.req.param('id'))
      if (!canWrite(tree, user, sheet.unitId)) throw forbidden('没有修改此表格的权限，不能导入')
      if (sheet.template === 'report') throw badRequest('调研报告不能导入表格文件', 'bad-template')
      if (sheet.status === 'accepted') {
        throw conflict('表格已审核锁定，不能导入；如需修改请联系审核员退回或重新打开', 'locked')
      }
      // the columns and groups of the version the sheet is pinned to (SPEC §7)
      const template = (await templateRegistry(store).gridFor(sheet))!

      let form: Record<string, string | File | (string | File)[]>
      try {
        form = await c.req.parseBody()
      } catch {
        throw badRequest('请求应为 multipart/form-data，文件放在 file 字段', 'bad-form')
      }
      const file = form.file
      if (!(file instanceof File)) throw badRequest('请选择要导入的文件（file 字段）', 'no-file')
      if (file.size > MAX_IMPORT_BYTES) throw tooLarge()
      let mapping: HandMapping | undefined
      if (typeof form.mapping === 'string' && form.mapping.trim() !== '') {
        try {
          mapping = checkHandMapping(template, JSON.parse(form.mapping))
        } catch (e) {
          throw badRequest(
            e instanceof RangeError ? e.message : 'mapping 不是有效的 JSON',
            'bad-mapping',
          )
        }
      }
      const preview = form.preview === '1' || form.preview === 'true'
      const name = file.name || '上传文件'

      let prepared
      try {
        prepared = await readImportFile(new Uint8Array(await file.arrayBuffer()), name, template, {
          mapping,
          allowMissingRequired: preview,
          maxRows,
        })
      } catch (e) {
        if (e instanceof TableReadError && e.code === 'too-many-rows') {
          throw new ApiError(413, 'too-many-rows', e.message)
        }
        if (e instanceof TableReadError) throw badRequest(e.message, `file-${e.code}`)
        throw e
      }
      const unknown = prepared.located.match.unknown

      if (preview) {
        const doc = await rooms.getDoc(sheet.id)
        const plan = planImport(template, prepared, readRows(doc))
        checkRowCap(doc, plan.append.length, maxRows)
        return c.json(previewBody(template, prepared, plan))
      }

      // the file took a while to read: the sheet may have been accepted meanwhile
      const now = await store.sheets.byId(sheet.id)
      if (now?.status === 'accepted') throw conflict('表格已审核锁定，不能导入', 'locked')
      let plan: ImportPlan | null = null
      await rooms.applyServerChange(sheet.id, user.id, (doc) => {
        // checked in the change's turn, on the doc as it is then: nothing is written past the cap
        checkRowCap(doc, planImport(template, prepared, readRows(doc)).append.length, maxRows)
        plan = importIntoDoc(doc, template, prepared)
      })
      const done = plan as ImportPlan | null
      if (!done) throw new Error('import did not run')
      audit({
        userId: user.id,
        action: 'sheet-import',
        detail: {
          sheetId: sheet.id,
          imported: done.append.length,
          updated: done.updates.length,
          rejected: done.rejected.length,
        },
      })
      return c.json({
        imported: done.append.length,
        updated: done.updates.length,
        rejected: done.rejected,
        unknown,
        skipped: prepared.skipped,
      })
    },
  )
}

function previewBody(
  template: GridTemplate,
  prepared: Awaited<ReturnType<typeof readImportFile>>,
  plan: ImportPlan,
) {
  const columns = new Map(columnsOf(template).map((c) => [c.id, c]))
  const { located } = prepared
  const reasons = new Map(plan.rejected.map((r) => [r.row, r.reasons]))
  return {
    preview: true,
    file: located.file,
    format: located.format,
    mapping: located.headers.map((header, i) => {
      const id = located.match.mapping[i] ?? null
      return {
        header,
        ...(located.groups?.[i] ? { group: located.groups[i] } : {}),
        column: id,
        label: id ? (columns.get(id)?.label ?? null) : null,
      }
    }),
    unknown: located.match.unknown,
    missingRequired: prepared.missingRequired.map((id) => ({
      column: id,
      label: columns.get(id)?.label ?? id,
    })),
    rowCount: prepared.rows.length,
    wouldImport: plan.append.length,
    wouldUpdate: plan.updates.length,
    wouldReject: plan.rejected.length,
    rows: prepared.rows.slice(0, PREVIEW_ROWS).map(({ row, dataRow }) => {
      const { id: _id, ...values } = row
      return {
        row: dataRow,
        values,
        outcome: plan.outcome.get(dataRow),
        ...(reasons.has(dataRow) ? { reasons: reasons.get(dataRow) } : {}),
      }
    }),
    skipped: prepared.skipped,
  }
}
