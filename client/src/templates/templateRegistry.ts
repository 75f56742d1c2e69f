/**
 * @module templates/templateRegistry
 * The template a sheet follows (SPEC §7: the sheet pins `meta.template` and
 * `meta.templateVersion`): a built-in by id, or a stored version fetched once from
 * `GET /api/templates/:id?version=N`, checked by the schema's `templateFromDocument`, and kept
 * - in memory as ONE frozen object per `${id}@${version}` — `compileTemplate` caches its
 *   compiled form per object, so the grid, the form view and live findings share one;
 * - in IndexedDB (the `cache` store, key `template:${id}@${version}`), so a sheet with a
 *   district's template opens and shows its rules' findings with no network. Published
 *   versions never change, so a stored copy never needs refreshing.
 * A version that no longer validates never stops a sheet from opening: the newest earlier
 * version that does is used, and `problem` says so (shown on the sheet page).
 * Not for: the template list or publishing (templateApi.ts), React (hooks/useSheetTemplate).
 */
import {
  builtinTemplateById,
  templateFromDocument,
  type DefinitionIssue,
  type GridTemplate,
  type TemplateKind,
} from '@taizhang/schema'
import { ApiError, errorMessage } from '../api/client'
import type { TemplateDocumentWire } from './templateApi'

export const templateKey = (id: string, version: number) => `${id}@${version}`
export const templateCacheKey = (id: string, version: number) =>
  `template:${templateKey(id, version)}`
/** The latest version seen of a template, for a sheet that pins none. */
export const latestCacheKey = (id: string) => `template-latest:${id}`

/** How far back a sheet falls when its version does not validate (or is not here offline). */
export const FALLBACK_VERSIONS = 20

export interface RegistryDeps {
  fetchDocument(id: string, version?: number): Promise<TemplateDocumentWire>
  getCached<T>(key: string): Promise<T | undefined>
  setCached(key: string, value: unknown): Promise<void>
}

export type VersionLoad =
  | { ok: true; template: GridTemplate }
  | { ok: false; reason: 'invalid'; issues: DefinitionIssue[] }
  | { ok: false; reason: 'offline' | 'failed'; message: string }

export interface ResolvedTemplate {
  /** The ledger or scoring template; null for a 调研报告. */
  template: GridTemplate | null
  /** null when no version is usable. */
  kind: TemplateKind | null
  /** The version in use (lower than the pinned one when `problem` says why). */
  version: number | null
  /** Why the pinned version is not the one in use, for the page to show; else null. */
  problem: string | null
}

/** Keeps only the keys of a template document, so extra keys of an answer do not fail it. */
function documentOf(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw
  const r = raw as Record<string, unknown>
  const doc: Record<string, unknown> = {
    id: r.id,
    kind: r.kind,
    name: r.name,
    version: r.version,
    definition: r.definition,
  }
  if (r.unitId !== undefined) doc.unitId = r.unitId
  return doc
}

/** Freezes a template and everything in it: a shared template must never change after use. */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const v = stack.pop()
    if (typeof v !== 'object' || v === null || Object.isFrozen(v)) continue
    Object.freeze(v)
    for (const child of Object.values(v)) stack.push(child)
  }
  return value
}

/** A stored document checked as the server checks it; the template frozen, or the issues. */
export function readTemplateDocument(
  raw: unknown,
  id: string,
  version: number,
): { ok: true; template: GridTemplate } | { ok: false; issues: DefinitionIssue[] } {
  const result = templateFromDocument(documentOf(raw))
  if (!result.ok) return { ok: false, issues: result.issues }
  const template = result.template
  if (template.id !== id || template.version !== version) {
    return { ok: false, issues: [{ path: 'version', message: `不是表样 ${id} 的第${version}版` }] }
  }
  return { ok: true, template: deepFreeze(template) }
}

export class TemplateRegistry {
  private readonly objects = new Map<string, GridTemplate>()
  private readonly loading = new Map<string, Promise<VersionLoad>>()

  constructor(private readonly deps: RegistryDeps) {}

  /** The template at once when it is a built-in or already loaded, else undefined. */
  peek(id: string, version: number | undefined): GridTemplate | undefined {
    const builtin = builtinTemplateById(id)
    if (builtin) return builtin.kind === 'report' ? undefined : builtin
    return version === undefined ? undefined : this.objects.get(templateKey(id, version))
  }

  /** One version: memory, then IndexedDB, then the server (then stored for offline use). */
  load(id: string, version: number): Promise<VersionLoad> {
    const key = templateKey(id, version)
    const known = this.objects.get(key)
    if (known) return Promise.resolve({ ok: true, template: known })
    let pending = this.loading.get(key)
    if (!pending) {
      pending = this.loadOnce(id, version).finally(() => this.loading.delete(key))
      this.loading.set(key, pending)
    }
    return pending
  }

  private async loadOnce(id: string, version: number): Promise<VersionLoad> {
    const key = templateKey(id, version)
    const cached = await this.deps.getCached<unknown>(templateCacheKey(id, version))
    if (cached !== undefined) {
      const read = readTemplateDocument(cached, id, version)
      if (read.ok) return this.keep(key, read.template)
    }
    let raw: TemplateDocumentWire
    try {
      raw = await this.deps.fetchDocument(id, version)
    } catch (error) {
      const offline = error instanceof ApiError && error.offline
      return { ok: false, reason: offline ? 'offline' : 'failed', message: errorMessage(error) }
    }
    const read = readTemplateDocument(raw, id, version)
    if (!read.ok) return { ok: false, reason: 'invalid', issues: read.issues }
    await this.deps.setCached(templateCacheKey(id, version), raw)
    return this.keep(key, read.template)
  }

  private keep(key: string, template: GridTemplate): VersionLoad {
    // two loads of one key racing: the first object kept wins, so there is only one
    const kept = this.objects.get(key) ?? template
    this.objects.set(key, kept)
    return { ok: true, template: kept }
  }

  /** The latest version's number: from the server, else the last one seen here. */
  private async latestVersion(id: string): Promise<number | null> {
    try {
      const raw = await this.deps.fetchDocument(id)
      if (typeof raw.version === 'number') {
        await this.deps.setCached(latestCacheKey(id), raw.version)
        const read = readTemplateDocument(raw, id, raw.version)
        if (read.ok) {
          await this.deps.setCached(templateCacheKey(id, raw.version), raw)
          this.keep(templateKey(id, raw.version), read.template)
        }
        return raw.version
      }
    } catch {
      // offline: the last version seen on this device
    }
    return (await this.deps.getCached<number>(latestCacheKey(id))) ?? null
  }

  /**
   * The template a sheet pinned to `id` and `version` follows. A version that does not
   * validate, or is not on this device while offline, falls back to the newest earlier one
   * that is usable, with `problem` saying so; with none, `template` is null and `problem`
   * says why.
   */
  async resolve(id: string, version: number | undefined): Promise<ResolvedTemplate> {
    const builtin = builtinTemplateById(id)
    if (builtin) {
      return {
        template: builtin.kind === 'report' ? null : builtin,
        kind: builtin.kind,
        version: builtin.version,
        problem: null,
      }
    }
    const pinned = version ?? (await this.latestVersion(id))
    if (pinned === null) return unusable('本机没有此表样的副本，请联网后再打开')
    const first = await this.load(id, pinned)
    if (first.ok) return usable(first.template, null)
    for (let v = pinned - 1; v >= Math.max(1, pinned - FALLBACK_VERSIONS); v--) {
      const earlier = await this.load(id, v)
      if (!earlier.ok) continue
      const why =
        first.reason === 'invalid'
          ? `表样第${pinned}版未通过校验（${first.issues[0]?.path ?? ''} ${first.issues[0]?.message ?? ''}），已改用第${v}版`
          : `本机没有表样第${pinned}版的副本，暂用第${v}版的规则`
      return usable(earlier.template, why)
    }
    if (first.reason === 'invalid') {
      const issue = first.issues[0]
      return unusable(`表样第${pinned}版未通过校验：${issue?.path ?? ''} ${issue?.message ?? ''}`)
    }
    return unusable(
      first.reason === 'offline' ? '离线，且本机没有此表样的副本，请联网后再打开' : first.message,
    )
  }
}

const usable = (template: GridTemplate, problem: string | null): ResolvedTemplate => ({
  template,
  kind: template.kind,
  version: template.version,
  problem,
})

const unusable = (problem: string): ResolvedTemplate => ({
  template: null,
  kind: null,
  version: null,
  problem,
})
