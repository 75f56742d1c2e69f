/**
 * @module admin/templates/sheetsByVersion
 * Which sheets use which version of a template (SPEC §7: a sheet pins `template` and
 * `templateVersion`), from `GET /api/sheets` (every sheet the admin may read), newest version
 * first, and which of them may be moved to the latest version.
 */
import type { SheetInfo } from '@taizhang/schema'

/** A listed sheet; one made before versions were pinned may lack `templateVersion` (then 1). */
export type PinnedSheet = Omit<SheetInfo, 'templateVersion'> & { templateVersion?: number }

export interface VersionUse {
  version: number
  sheets: PinnedSheet[]
}

export function sheetsByVersion(sheets: readonly PinnedSheet[], templateId: string): VersionUse[] {
  const byVersion = new Map<number, PinnedSheet[]>()
  for (const s of sheets) {
    if (s.template !== templateId) continue
    const v = s.templateVersion ?? 1
    const list = byVersion.get(v) ?? []
    list.push(s)
    byVersion.set(v, list)
  }
  return [...byVersion.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([version, list]) => ({
      version,
      sheets: list.sort((a, b) => a.title.localeCompare(b.title, 'zh')),
    }))
}

/** A sheet may move to `latest` when it is on an earlier version and not accepted (locked). */
export const canMove = (sheet: PinnedSheet, latest: number): boolean =>
  (sheet.templateVersion ?? 1) < latest && sheet.status !== 'accepted'
