/**
 * @module admin/templates/issues
 * The issues `validateDefinition` reports (`{path, message}`, SPEC §7, e.g.
 * `rules[2].when.left.col`: 列「techStaf」不存在) sorted to the part of the editor they
 * belong to, so each part shows its own, and the live check of a draft.
 */
import {
  validateDefinition,
  type DefinitionIssue,
  type DefinitionKind,
  type GridTemplate,
} from '@taizhang/schema'
import type { TemplateDraft } from './draft'

/** The issues whose path is `prefix` or lies below it (`rules[2]` takes `rules[2].when…`). */
export function issuesUnder(issues: readonly DefinitionIssue[], prefix: string): DefinitionIssue[] {
  return issues.filter(
    (i) => i.path === prefix || i.path.startsWith(`${prefix}.`) || i.path.startsWith(`${prefix}[`),
  )
}

export type DraftCheck =
  { ok: true; template: GridTemplate; issues: [] } | { ok: false; issues: DefinitionIssue[] }

/** Validates a draft as the server will on publish; a valid one as a template for the preview. */
export function checkDraft(draft: TemplateDraft): DraftCheck {
  const result = validateDefinition(draft.kind as DefinitionKind, draft.definition)
  if (!result.ok) return { ok: false, issues: result.issues }
  const template = {
    ...result.definition,
    kind: draft.kind,
    id: draft.targetId ?? 'preview',
    name: draft.name || '预览',
    version: (draft.baseVersion ?? 0) + 1,
  } as GridTemplate
  return { ok: true, template, issues: [] }
}

/** A path as the editor shows it (the whole definition when empty). */
export const pathText = (path: string) => path || '（整个表样）'
