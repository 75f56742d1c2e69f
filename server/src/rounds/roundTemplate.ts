/**
 * @module rounds/roundTemplate
 * The template a round's sheets are made from (SPEC §8, "template (and version)"): its id,
 * the sheet kind the register stores, the version the sheets pin, its name for titles, and
 * the grid definition that says which columns are not carried (`carry: false`).
 * Rounds take the built-in grid templates `ledger` and `scoring`, whose ids are sheet kinds.
 */
import { builtinTemplateById, type GridTemplate, type TemplateKind } from '@taizhang/schema'

export interface RoundTemplate {
  id: string
  kind: TemplateKind
  version: number
  name: string
  grid: GridTemplate | null
}

const ROUND_TEMPLATE_IDS = new Set(['ledger', 'scoring'])

/** The template of this id a round may use, or undefined. */
export function roundTemplate(id: string): RoundTemplate | undefined {
  if (!ROUND_TEMPLATE_IDS.has(id)) return undefined
  const t = builtinTemplateById(id)
  if (!t || t.kind === 'report') return undefined
  return { id: t.id, kind: t.kind, version: t.version, name: t.name, grid: t }
}
