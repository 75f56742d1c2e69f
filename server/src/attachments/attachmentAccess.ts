/**
 * @module attachments/attachmentAccess
 * Who may read a 佐证材料 (SPEC §10): a user who may read a rectification item whose evidence
 * lists it, or a sheet with an `attachment` column whose cell lists it — and the user who
 * uploaded those bytes (a photo taken offline is shown before its item reaches the server; they
 * hold the bytes anyway). Everyone else gets the same 404 as for an unknown id.
 * Not for: reading the bytes (the store) or HTTP (routes/attachments.ts).
 */
import {
  attachmentIdsOf,
  canRead,
  canReadRectification,
  columnsOf,
  type GridTemplate,
  type UnitTree,
} from '@taizhang/schema'
import type { StoredSheets } from '../consolidation/storedSheets'
import type { AttachmentStore } from '../storage/AttachmentStore'
import type { MetaStore } from '../storage/MetaStore'
import type { SheetRecord } from '../storage/SheetStore'
import { templateRegistry } from '../templates/TemplateRegistry'
import type { Unit } from '../storage/UnitStore'
import type { User } from '../storage/UserStore'

export interface AttachmentAccessDeps {
  store: MetaStore
  attachments: AttachmentStore
  sheets: StoredSheets
}

/** The `attachment` columns of the template version a sheet pins (none for a 调研报告). */
async function attachmentColumns(
  store: MetaStore,
  sheet: SheetRecord,
): Promise<{ grid: GridTemplate; columns: string[] } | null> {
  const grid = await templateRegistry(store).gridFor(sheet)
  if (!grid) return null
  const columns = columnsOf(grid)
    .filter((c) => c.type === 'attachment')
    .map((c) => c.id)
  return columns.length > 0 ? { grid, columns } : null
}

export async function mayReadAttachment(
  deps: AttachmentAccessDeps,
  tree: UnitTree<Unit>,
  user: User,
  id: string,
): Promise<boolean> {
  if (await deps.attachments.uploadedBy(user.id, id)) return true
  for (const item of await deps.store.rectifications.referencing(id)) {
    if (canReadRectification(tree, user, item)) return true
  }
  const sheets = (await deps.store.sheets.list()).filter((s) => canRead(tree, user, s.unitId))
  for (const sheet of sheets) {
    const found = await attachmentColumns(deps.store, sheet)
    if (!found) continue
    const { rows } = await deps.sheets.read(sheet.id, found.grid)
    for (const row of rows) {
      for (const column of found.columns) {
        if (attachmentIdsOf(row[column]).includes(id)) return true
      }
    }
  }
  return false
}
