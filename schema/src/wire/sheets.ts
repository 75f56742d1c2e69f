/**
 * @module wire/sheets
 * A sheet as the API lists and shows it (`GET /api/sheets`, `GET /api/sheets/:id`, SPEC §6.3),
 * and the template kinds a sheet can be created from. The cells are not here: they travel
 * over sync (the Yjs doc).
 */
import type { TemplateKind } from '../templates/types'
import type { SheetStatus } from '../workflow/states'

// a Record, so a kind added to the templates but not here fails to compile
const KINDS: Record<TemplateKind, true> = { ledger: true, scoring: true, report: true }

/** Every template kind, for the API's checks and both databases' CHECK constraints. */
export const TEMPLATE_KINDS = Object.keys(KINDS) as readonly TemplateKind[]

export interface SheetInfo {
  id: string
  unitId: string
  /** The template id the sheet is made from (SPEC §7). */
  template: string
  /** The version of it the sheet is pinned to. */
  templateVersion: number
  /** What the sheet is (a stored template is a ledger or a scoring sheet). */
  kind: TemplateKind
  title: string
  status: SheetStatus
  createdAt?: string
  updatedAt?: string
}
