/**
 * @module templates/TemplateRegistry
 * The server's one way to a template by id and version (SPEC §7): the built-ins of
 * `@taizhang/schema` (`ledger`, `scoring`, `report`, `fiveStar`, each one version) and the
 * stored templates of `storage/TemplateStore`. A stored version is checked again on load
 * (`templateFromDocument`): one that no longer validates never stops a sheet from opening —
 * the last good version before it is used, else the built-in of its kind — and the problem is
 * kept for admins (`problem`).
 *
 * Loaded versions are cached as immutable template objects keyed `${id}@${version}`: schema's
 * `compileTemplate` compiles once per template OBJECT (docs/ARCHITECTURE.md §12.5), so every
 * caller must get the same object for the same version. Published versions never change, so
 * nothing is ever invalidated; the cache is bounded (oldest entry out first).
 * One registry per meta store (`templateRegistry(store)`), shared by routes, rooms' findings,
 * exports and rounds.
 * Not for: who may see or save a template (`templateAccess.ts`, routes/templates.ts).
 */
import {
  builtinTemplate,
  builtinTemplateById,
  BUILTIN_TEMPLATES,
  templateFromDocument,
  type DefinitionIssue,
  type GridTemplate,
  type Template,
  type TemplateKind,
} from '@taizhang/schema'
import type { MetaStore } from '../storage/MetaStore'
import type { TemplateStore, TemplateVersionRecord } from '../storage/TemplateStore'

/** Template objects kept at most (each a few hundred KiB at worst). */
const CACHE_ENTRIES = 500

export interface LoadedTemplate {
  id: string
  kind: TemplateKind
  name: string
  /** Owning unit; null for a built-in. */
  unitId: string | null
  builtIn: boolean
  /** The version asked for (the latest when none was). */
  version: number
  /** The template to use: of `version`, or of the last good version when that one fails. */
  template: Template
  /** The version `template` is (≠ `version` after a fallback). */
  usedVersion: number
  /** Why `version` could not be used (its definition no longer validates), else null. */
  problem: DefinitionIssue[] | null
}

type Parsed = { ok: true; template: Template } | { ok: false; issues: DefinitionIssue[] }

export class TemplateRegistry {
  private readonly cache = new Map<string, Parsed>()

  constructor(private readonly store: TemplateStore) {}

  /** Whether `id` is a built-in template id (stored ids never are). */
  static isBuiltIn(id: string): boolean {
    return builtinTemplateById(id) !== undefined
  }

  /** The built-in templates as loaded ones. */
  builtIns(): LoadedTemplate[] {
    return [...BUILTIN_TEMPLATES.values()].map(builtIn)
  }

  /**
   * A template at `version` (latest when omitted), or undefined when there is no such
   * template or version. Never throws for a stored definition that fails: see `problem`.
   */
  async load(id: string, version?: number): Promise<LoadedTemplate | undefined> {
    const own = builtinTemplateById(id)
    if (own) return version === undefined || version === own.version ? builtIn(own) : undefined
    const record = await this.store.get(id, version)
    if (!record) return undefined
    const parsed = this.parse(record)
    const base = {
      id,
      kind: record.kind,
      name: record.name,
      unitId: record.unitId,
      builtIn: false,
      version: record.version,
    }
    if (parsed.ok) {
      return { ...base, template: parsed.template, usedVersion: record.version, problem: null }
    }
    // the last good version before it, else the built-in of the kind
    for (let v = record.version - 1; v >= 1; v--) {
      const earlier = await this.store.get(id, v)
      if (!earlier) continue
      const p = this.parse(earlier)
      if (p.ok) return { ...base, template: p.template, usedVersion: v, problem: parsed.issues }
    }
    const fallback = builtinTemplate(record.kind)
    return { ...base, template: fallback, usedVersion: 0, problem: parsed.issues }
  }

  /**
   * The template a sheet follows: its pinned id and version, or the built-in of its kind when
   * the register names none that exists (a sheet always opens).
   */
  async forSheet(sheet: {
    template: TemplateKind
    templateId?: string | undefined
    templateVersion?: number | undefined
  }): Promise<LoadedTemplate> {
    const loaded = sheet.templateId
      ? await this.load(sheet.templateId, sheet.templateVersion)
      : undefined
    if (loaded && loaded.template.kind === sheet.template) return loaded
    return builtIn(builtinTemplate(sheet.template))
  }

  /** The grid template of a sheet (null for a 调研报告). */
  async gridFor(sheet: {
    template: TemplateKind
    templateId?: string | undefined
    templateVersion?: number | undefined
  }): Promise<GridTemplate | null> {
    const t = (await this.forSheet(sheet)).template
    return t.kind === 'report' ? null : t
  }

  /** The grid template a document's meta pins (the rooms' findings); null for a report. */
  async gridForPin(pin: {
    template: string | undefined
    templateVersion: number | undefined
  }): Promise<GridTemplate | null> {
    if (!pin.template) return null
    const loaded =
      (await this.load(pin.template, pin.templateVersion)) ??
      (pin.templateVersion !== undefined ? await this.load(pin.template) : undefined)
    const t = loaded?.template
    return t && t.kind !== 'report' ? t : null
  }

  /** The stored version checked as on load, cached by `${id}@${version}`. */
  private parse(record: TemplateVersionRecord): Parsed {
    const key = `${record.id}@${record.version}`
    const hit = this.cache.get(key)
    if (hit) return hit
    const result = templateFromDocument({
      id: record.id,
      kind: record.kind,
      name: record.name,
      version: record.version,
      unitId: record.unitId,
      definition: record.definition,
    })
    const parsed: Parsed = result.ok
      ? { ok: true, template: Object.freeze(result.template) }
      : { ok: false, issues: result.issues }
    if (this.cache.size >= CACHE_ENTRIES) {
      this.cache.delete(this.cache.keys().next().value!)
    }
    this.cache.set(key, parsed)
    return parsed
  }
}

function builtIn(t: Template): LoadedTemplate {
  return {
    id: t.id,
    kind: t.kind,
    name: t.name,
    unitId: null,
    builtIn: true,
    version: t.version,
    template: t,
    usedVersion: t.version,
    problem: null,
  }
}

const registries = new WeakMap<MetaStore, TemplateRegistry>()

/** The registry of a meta store (one per store, so its cache is shared). */
export function templateRegistry(store: MetaStore): TemplateRegistry {
  let registry = registries.get(store)
  if (!registry) {
    registry = new TemplateRegistry(store.templates)
    registries.set(store, registry)
  }
  return registry
}
