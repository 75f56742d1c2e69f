/**
 * @module wire/templates
 * An entry of `GET /api/templates` (SPEC §7) as both sides read it, and the built-ins as such
 * entries: the server lists them before the stored templates, the web app offers them when
 * the server cannot be reached.
 */
import { BUILTIN_TEMPLATES } from '../templates/builtins'
import type { TemplateKind } from '../templates/types'

/** One entry of `GET /api/templates`: the latest version of a built-in or stored template. */
export interface TemplateSummary {
  id: string
  kind: TemplateKind
  name: string
  unitId: string | null
  version: number
  builtIn: boolean
}

/** The built-ins as list entries, in the order of `BUILTIN_TEMPLATES`. */
export function builtinSummaries(): TemplateSummary[] {
  return [...BUILTIN_TEMPLATES.values()].map((t) => ({
    id: t.id,
    kind: t.kind,
    name: t.name,
    unitId: null,
    version: t.version,
    builtIn: true,
  }))
}
