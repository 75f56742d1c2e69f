/**
 * @module templates/templateChoices
 * Which templates a picker offers (新建表格, the 汇总's 表样, the editor's list) and what a
 * template id is called: the server's list (`GET /api/templates`: the built-ins and the
 * templates of the units on the caller's path and below, SPEC §7) when it has answered, else
 * the built-ins, so the pickers work offline and against a server without stored templates.
 */
import {
  BUILTIN_TEMPLATES,
  builtinSummaries,
  type TemplateKind,
  type TemplateSummary,
} from '@taizhang/schema'

/** The list to offer: built-ins first, then stored templates by name; `kinds` filters. */
export function templateChoices(
  list: readonly TemplateSummary[] | undefined,
  kinds?: readonly TemplateKind[],
): TemplateSummary[] {
  const byId = new Map<string, TemplateSummary>()
  for (const t of builtinSummaries()) byId.set(t.id, t)
  for (const t of list ?? []) byId.set(t.id, t)
  const all = [...byId.values()].filter((t) => !kinds || kinds.includes(t.kind))
  return all.sort(
    (a, b) =>
      Number(b.builtIn) - Number(a.builtIn) || (a.builtIn ? 0 : a.name.localeCompare(b.name, 'zh')),
  )
}

/** What a sheet's template id is called: its name when known, else the id itself. */
export function templateName(id: string, list: readonly TemplateSummary[] | undefined): string {
  return list?.find((t) => t.id === id)?.name ?? BUILTIN_TEMPLATES.get(id)?.name ?? id
}
