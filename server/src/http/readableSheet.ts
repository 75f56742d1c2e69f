/**
 * @module http/readableSheet
 * Finds the sheet a route is about and checks the caller may read it: an unknown id
 * is 404 (SPEC §6.3: ids are opaque), a sheet of a unit outside the caller's subtrees
 * is 403. Shared by the sheet, workflow, state-vector, export and import routes.
 */
import { canRead, type SheetInfo, type UnitTree } from '@taizhang/schema'
import { unitTree } from '../auth/unitTree'
import type { MetaStore } from '../storage/MetaStore'
import type { SheetRecord } from '../storage/SheetStore'
import type { Unit } from '../storage/UnitStore'
import type { User } from '../storage/UserStore'
import { forbidden, notFound } from './errors'

export async function readableSheet(
  store: MetaStore,
  user: User,
  id: string,
): Promise<{ sheet: SheetRecord; tree: UnitTree<Unit> }> {
  const sheet = await store.sheets.byId(id)
  if (!sheet) throw notFound('表格不存在')
  const tree = await unitTree(store)
  if (!canRead(tree, user, sheet.unitId)) throw forbidden('没有查看此表格的权限')
  return { sheet, tree }
}

/** The sheet as the API shows it (SPEC §6.3). */
export const publicSheet = (s: SheetRecord): SheetInfo => ({
  id: s.id,
  unitId: s.unitId,
  template: s.templateId,
  templateVersion: s.templateVersion,
  kind: s.template,
  title: s.title,
  status: s.status,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
})
