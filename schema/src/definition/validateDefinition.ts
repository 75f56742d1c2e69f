/**
 * @module definition/validateDefinition
 * The one gate a definition passes before anything uses it — on save, on load, in the
 * CLI and in the editor's live check (SPEC §7). In order, each step only on what the one
 * before accepted:
 * 1. size, nesting and JSON-ness (`scanJson`, no recursion, stops at the first limit);
 * 2. the shape (the kind's zod schema), issues told in Chinese with their path;
 * 3. the cross-references (`checkDefinition`): ids, columns, operator types, options, depth.
 * Answers `{ok: true, definition}` (defaults filled in) or `{ok: false, issues}` with at
 * most `MAX_ISSUES` issues.
 * Also builds templates from definitions: `templateFromDocument` for a stored or uploaded
 * template document, `defineTemplate` for the built-ins (which throws on a mistake).
 */
import type { GridTemplate } from '../templates/types'
import { checkDefinition, MAX_ISSUES } from './checkDefinition'
import {
  DEFINITION_KINDS,
  DEFINITION_SCHEMAS,
  TemplateDocumentSchema,
  type DefinitionKind,
  type DefinitionOf,
} from './definition'
import { TemplateDefinitionError, type DefinitionIssue } from './issue'
import { DEFINITION_LIMITS, scanJson, utf8Length } from './limits'
import { translateZodIssues } from './zodIssues'

export type DefinitionResult<K extends DefinitionKind> =
  { ok: true; definition: DefinitionOf<K>; issues: [] } | { ok: false; issues: DefinitionIssue[] }

const fail = (issues: DefinitionIssue[]): { ok: false; issues: DefinitionIssue[] } => ({
  ok: false,
  issues: issues.slice(0, MAX_ISSUES),
})

/**
 * Validates a definition of `kind`, given as parsed JSON or as JSON text. Never throws
 * on bad input, however large or deep.
 */
export function validateDefinition<K extends DefinitionKind>(
  kind: K,
  json: unknown,
): DefinitionResult<K> {
  if (!(DEFINITION_KINDS as readonly string[]).includes(kind)) {
    return fail([{ path: '', message: '表样类型应为 ledger（台账）或 scoring（评分表）' }])
  }
  let input = json
  if (typeof json === 'string') {
    if (json.length > DEFINITION_LIMITS.bytes || utf8Length(json) > DEFINITION_LIMITS.bytes) {
      return fail([
        { path: '', message: `表样定义过大（最多 ${DEFINITION_LIMITS.bytes / 1024} KiB）` },
      ])
    }
    try {
      input = JSON.parse(json)
    } catch {
      return fail([{ path: '', message: '不是合法的 JSON' }])
    }
  }
  const tooBig = scanJson(input)
  if (tooBig) return fail([tooBig])
  const parsed = DEFINITION_SCHEMAS[kind].safeParse(input)
  if (!parsed.success) return fail(translateZodIssues(parsed.error.issues, input))
  const definition = parsed.data as DefinitionOf<K>
  const issues = checkDefinition(kind, definition)
  if (issues.length > 0) return fail(issues)
  return { ok: true, definition, issues: [] }
}

export type TemplateResult =
  { ok: true; template: GridTemplate; issues: [] } | { ok: false; issues: DefinitionIssue[] }

/**
 * A template from a template document `{id, kind, name, version, definition}` (as stored,
 * or as a `--template FILE.json` holds it); issues inside the definition are reported
 * under `definition.`.
 */
export function templateFromDocument(doc: unknown): TemplateResult {
  const tooBig = scanJson(doc, {
    bytes: DEFINITION_LIMITS.bytes + 4096,
    jsonDepth: DEFINITION_LIMITS.jsonDepth + 1,
  })
  if (tooBig) return fail([tooBig])
  const head = TemplateDocumentSchema.safeParse(doc)
  if (!head.success) return fail(translateZodIssues(head.error.issues, doc))
  const { id, kind, name, version, definition } = head.data
  const result = validateDefinition(kind, definition)
  if (!result.ok) {
    return fail(
      result.issues.map((i) => ({
        path:
          i.path === ''
            ? 'definition'
            : i.path.startsWith('[')
              ? `definition${i.path}`
              : `definition.${i.path}`,
        message: i.message,
      })),
    )
  }
  return {
    ok: true,
    template: { kind, id, name, version, ...result.definition } as GridTemplate,
    issues: [],
  }
}

/** Builds a built-in template from its definition; throws `TemplateDefinitionError` on a mistake. */
export function defineTemplate<K extends DefinitionKind>(
  meta: { kind: K; id: string; name: string; version: number },
  definition: unknown,
): K extends 'ledger'
  ? Extract<GridTemplate, { kind: 'ledger' }>
  : Extract<GridTemplate, { kind: 'scoring' }> {
  const result = templateFromDocument({ ...meta, definition })
  if (!result.ok) throw new TemplateDefinitionError(result.issues, `表样「${meta.name}」`)
  return result.template as never
}
