/**
 * @module admin/templates/draft
 * A template being edited in the 表样 editor (SPEC §7): its kind, name, owning unit and the
 * definition as plain JSON, started from a copy of any template (built-in or stored), plus
 * the small pure edits the editor makes — add, remove and reorder items, read what people
 * type forgivingly (全角 digits, "30人", 、 or ， between options). Publishing sends
 * `definitionOf(draft)`; whether it is valid is `validateDefinition`'s to say.
 * Not for: drawing (the *Editor.tsx files) or the routes (templates/templateApi).
 */
import {
  parseNumberText,
  type Column,
  type DefinitionKind,
  type GridTemplate,
  type LedgerDefinition,
  type ScoringDefinition,
} from '@taizhang/schema'

export type DraftDefinition = LedgerDefinition | ScoringDefinition

export interface TemplateDraft {
  kind: DefinitionKind
  name: string
  /** The unit that owns the template (a new one: the admin's choice). */
  unitId: string
  /** The stored template a new version is published for (PUT); null: a new template (POST). */
  targetId: string | null
  /** The version the draft started from, when it is a stored template's. */
  baseVersion: number | null
  definition: DraftDefinition
}

/** A template's definition as editable plain data (the template minus kind, id, name, version). */
export function definitionOfTemplate(template: GridTemplate): DraftDefinition {
  const copy = structuredClone(template) as Record<string, unknown>
  delete copy.kind
  delete copy.id
  delete copy.name
  delete copy.version
  delete copy.unitId
  return copy as unknown as DraftDefinition
}

/** "Start from a copy": a new template with `template`'s definition. */
export function draftFromCopy(template: GridTemplate, unitId: string): TemplateDraft {
  return {
    kind: template.kind,
    name: `${template.name}（副本）`,
    unitId,
    targetId: null,
    baseVersion: null,
    definition: definitionOfTemplate(template),
  }
}

/** The next version of a stored template, starting from its latest. */
export function draftForNextVersion(template: GridTemplate, unitId: string): TemplateDraft {
  return {
    kind: template.kind,
    name: template.name,
    unitId,
    targetId: template.id,
    baseVersion: template.version,
    definition: definitionOfTemplate(template),
  }
}

/** What is sent on publish. */
export const definitionOf = (draft: TemplateDraft): DraftDefinition => draft.definition

/** The columns a rule or indicator can name: a ledger's, or a 评分表's leading, criteria, trailing. */
export function draftColumns(def: DraftDefinition): Column[] {
  if ('columns' in def) return def.columns
  return [
    ...def.leading,
    ...def.criteria.map((c): Column => ({
      id: c.id,
      label: c.label,
      group: c.group,
      type: 'score',
      max: c.max,
    })),
    ...def.trailing,
  ]
}

/** `list` with item `index` moved by `delta` (−1 up, +1 down); unchanged at the ends. */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = index + delta
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list]
  const next = [...list]
  const [item] = next.splice(index, 1)
  next.splice(to, 0, item!)
  return next
}

export const replaceItem = <T>(list: readonly T[], index: number, item: T): T[] =>
  list.map((x, i) => (i === index ? item : x))

export const removeItem = <T>(list: readonly T[], index: number): T[] =>
  list.filter((_, i) => i !== index)

/** An id like `base`, `base2`, `base3` … not among `taken`. */
export function freshId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  if (!used.has(base)) return base
  for (let n = 2; ; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`
}

/** A new column for a ledger (or a 评分表's leading/trailing list). */
export function newColumn(taken: Iterable<string>): Column {
  return { id: freshId('newColumn', taken), label: '新列', type: 'text' }
}

/**
 * A number as people type it ("30", "３０", "30人", "1,200", "0.5"): the number, null when
 * empty, undefined when it is not a number (the field then shows a message).
 */
export function readNumber(text: string): number | null | undefined {
  const n = parseNumberText(text)
  if (n === null) return null
  return Number.isNaN(n) ? undefined : n
}

/** An option list as typed: one per line, or separated by , ， 、 ; ；; blanks and repeats dropped. */
export function readList(text: string): string[] {
  const out: string[] = []
  for (const part of text.split(/[\n,，、;；]/)) {
    const t = part.trim()
    if (t && !out.includes(t)) out.push(t)
  }
  return out
}

/** An id as typed: spaces and characters ids may not hold are dropped (letters, digits, _ -). */
export function readId(text: string): string {
  return text.normalize('NFKC').replace(/[^A-Za-z0-9_-]/g, '')
}

/** Sets or removes (`undefined`) a key, returning a new object. */
export function withKey<T extends object, K extends keyof T>(
  obj: T,
  key: K,
  value: T[K] | undefined,
): T {
  const next = { ...obj }
  if (value === undefined) delete next[key]
  else next[key] = value
  return next
}
