/**
 * @module storage/TemplateStore
 * Stored, versioned templates (表样, SPEC §7): a template belongs to a unit (its admins save
 * it; the unit's subtree uses it) and every save publishes a new version. Published versions
 * are insert-only — both databases refuse an UPDATE or DELETE of a version row with a trigger —
 * so a sheet pinned to a version always finds it as it was. The definition is kept as the JSON
 * text that was checked on save; it is checked again on load (`templates/TemplateRegistry.ts`),
 * since a gate that tightens later must not be bypassed by old rows.
 * The records and the interface every backend implements (`sqlite/SqliteTemplateStore.ts`,
 * `postgres/PgTemplateStore.ts`).
 * Not for: who may save or see a template (routes/templates.ts), validating definitions
 * (schema's `validateDefinition`).
 */
import type { DefinitionKind } from '@taizhang/schema'

export interface TemplateVersionRecord {
  id: string
  unitId: string
  kind: DefinitionKind
  name: string
  version: number
  /** The definition as JSON text. */
  definition: string
  createdBy: string | null
  createdAt: string
}

/** A template as listed: its latest version, without the definition. */
export type TemplateSummary = Omit<TemplateVersionRecord, 'definition'>

export interface NewTemplate {
  id: string
  unitId: string
  kind: DefinitionKind
  name: string
  definition: string
  createdBy: string | null
}

export interface TemplateLimits {
  /** Templates one unit may own. */
  perUnit: number
  /** Versions one template may have. */
  versions: number
}

/** The caps the server saves with (SPEC §7; the definition itself is ≤ 256 KiB). */
export const TEMPLATE_LIMITS: TemplateLimits = { perUnit: 200, versions: 500 }

/** What a save may run into: an id taken, a unit or template at its cap, no such template. */
export class TemplateStoreError extends Error {
  constructor(
    readonly code: 'exists' | 'too-many-templates' | 'too-many-versions' | 'not-found',
    message: string,
  ) {
    super(message)
  }
}

export interface TemplateStore {
  /** Version 1 of a new template; `TemplateStoreError` when the id is taken or the unit full. */
  create(template: NewTemplate, limits: TemplateLimits): Promise<TemplateVersionRecord>
  /**
   * The next version of a template (kind and unit stay), numbered inside the transaction so
   * two saves at once get two versions.
   */
  addVersion(
    id: string,
    next: { name: string; definition: string; createdBy: string | null },
    limits: TemplateLimits,
  ): Promise<TemplateVersionRecord>
  /** One version, or the latest when `version` is omitted. */
  get(id: string, version?: number): Promise<TemplateVersionRecord | undefined>
  /** Every version number of a template, ascending (empty: no such template). */
  versions(id: string): Promise<number[]>
  /** The latest version of every template owned by one of `unitIds` (all when omitted). */
  list(unitIds?: readonly string[]): Promise<TemplateSummary[]>
}
