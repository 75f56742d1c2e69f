/**
 * @module sheets/createSheet
 * Making a sheet (SPEC §6.3, §7): the register entry pinned to a template id and version, the
 * `create` workflow event, and the document's meta (`template` = the id, `templateVersion`,
 * title, unit, schema version, status draft) with any first rows — one function for
 * `POST /api/sheets`, the demo and the seeds, so every sheet pins its template the same way.
 * Round sheets get their register entries inside the round's transaction
 * (`RoundStore.create`) and their meta from `sheetMeta` here (rounds/carryForward.ts).
 * Not for: who may create a sheet where (the routes check that first).
 */
import {
  appendRows,
  newId,
  SCHEMA_VERSION,
  writeMeta,
  type Row,
  type SheetMeta,
} from '@taizhang/schema'
import type { AppDeps } from '../http/deps'
import type { SheetRecord } from '../storage/SheetStore'
import { templateRegistry } from '../templates/TemplateRegistry'

export interface CreateSheetInput {
  unitId: string
  templateId: string
  /** Pin this version; the latest when omitted. */
  templateVersion?: number | undefined
  title: string
  createdBy: string | null
  /** Rows the sheet starts with (the demo). */
  rows?: readonly Row[]
}

/** The template id or version does not exist. */
export class UnknownTemplateError extends Error {
  constructor(readonly templateId: string) {
    super(`没有这个表样：${templateId}`)
  }
}

/** The meta a new sheet's document starts with. */
export function sheetMeta(s: {
  templateId: string
  templateVersion: number
  title: string
  unitId: string
}): SheetMeta & Record<string, unknown> {
  return {
    template: s.templateId,
    templateVersion: s.templateVersion,
    title: s.title,
    unitId: s.unitId,
    schemaVersion: SCHEMA_VERSION,
    status: 'draft',
  }
}

export async function createSheet(
  deps: Pick<AppDeps, 'store' | 'rooms'>,
  input: CreateSheetInput,
): Promise<SheetRecord> {
  const loaded = await templateRegistry(deps.store).load(input.templateId, input.templateVersion)
  if (!loaded) throw new UnknownTemplateError(input.templateId)
  const sheet = await deps.store.sheets.create({
    id: newId(),
    unitId: input.unitId,
    template: loaded.kind,
    templateId: loaded.id,
    templateVersion: loaded.version,
    title: input.title,
    createdBy: input.createdBy,
  })
  await deps.store.events.append({
    sheetId: sheet.id,
    action: 'create',
    toStatus: 'draft',
    userId: input.createdBy,
  })
  const meta = sheetMeta({ ...sheet, templateId: sheet.templateId })
  await deps.rooms.applyServerChange(sheet.id, input.createdBy, (doc) =>
    doc.transact(() => {
      writeMeta(doc, meta)
      if (input.rows?.length) appendRows(doc, [...input.rows])
    }),
  )
  return sheet
}
