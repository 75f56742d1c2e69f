/**
 * @module validation/findingsService
 * Server-side validation (SPEC §2): one `SheetValidator` per sheet in
 * use, built from the whole document the first time it is needed and then fed only
 * the rows that changed, after the changes settle (debounced). `findings(sheetId)`
 * first applies any change still waiting, so a submit is always judged on the
 * current rows. A validator left unused for a while is dropped and rebuilt on demand.
 * Each sheet is judged by the template version its meta pins (`template`, `templateVersion`,
 * SPEC §7): `templateFor` resolves it (the registry's cached object); a sheet moved to another
 * version gets a new validator on the next call.
 * Report sheets (调研报告) have no row rules and no findings.
 * Not for: the rules themselves (schema/src/rules, schema/src/validate).
 */
import {
  builtinTemplate,
  BUILTIN_TEMPLATES,
  isDeleted,
  orderedRowIds,
  readMeta,
  readRow,
  SheetValidator,
  type Finding,
  type GridTemplate,
} from '@taizhang/schema'
import type * as Y from 'yjs'

/** Server-side validation results, kept current as sheets change (what the API reads). */
export interface FindingsApi {
  /** The findings of a sheet with every change so far taken into account. */
  findings(sheetId: string): Promise<Finding[]>
}

/** The grid template a sheet's meta pins (null: none, e.g. a 调研报告). */
export type TemplateFor = (pin: {
  template: string | undefined
  templateVersion: number | undefined
}) => Promise<GridTemplate | null> | GridTemplate | null

interface Entry {
  /** `${template}@${templateVersion}` of the meta the validator was built for. */
  key: string
  validator: SheetValidator | null
  doc: Y.Doc
  dirty: Set<string>
  orderChanged: boolean
  timer: ReturnType<typeof setTimeout> | null
  lastUsed: number
}

export interface FindingsServiceOptions {
  /** The live document of a sheet (the RoomManager's). */
  getDoc: (sheetId: string) => Promise<Y.Doc> | Y.Doc
  debounceMs?: number
  /** Drop a validator unused for this long. */
  idleMs?: number
  /** The template of a pin; default: the built-in of that id (or kind). */
  templateFor?: TemplateFor
}

export class FindingsService implements FindingsApi {
  private readonly entries = new Map<string, Entry>()
  private readonly loading = new Map<string, Promise<Entry>>()
  private readonly getDoc: FindingsServiceOptions['getDoc']
  private readonly debounceMs: number
  private readonly idleMs: number
  private readonly templateFor: TemplateFor
  private readonly sweeper: ReturnType<typeof setInterval>

  constructor({
    getDoc,
    debounceMs = 300,
    idleMs = 10 * 60_000,
    templateFor = builtinFor,
  }: FindingsServiceOptions) {
    this.getDoc = getDoc
    this.templateFor = templateFor
    this.debounceMs = debounceMs
    this.idleMs = idleMs
    this.sweeper = setInterval(() => this.sweep(), Math.min(idleMs, 60_000))
    this.sweeper.unref()
  }

  /** Called by the room manager after a change to a sheet's document is stored. */
  onDocChanged(sheetId: string, doc: Y.Doc, changedRowIds: Iterable<string>): void {
    const entry = this.entries.get(sheetId)
    if (!entry) return // nobody asked yet: built from the whole doc when first needed
    if (entry.doc !== doc) {
      // the room was unloaded and reloaded: start over from the new document
      this.drop(sheetId)
      return
    }
    for (const id of changedRowIds) entry.dirty.add(id)
    entry.orderChanged = true
    if (entry.timer) clearTimeout(entry.timer)
    entry.timer = setTimeout(() => this.settle(entry), this.debounceMs)
    entry.timer.unref?.()
  }

  async findings(sheetId: string): Promise<Finding[]> {
    const entry = await this.entry(sheetId)
    entry.lastUsed = Date.now()
    this.settle(entry)
    return entry.validator ? entry.validator.findings() : []
  }

  close(): void {
    clearInterval(this.sweeper)
    for (const id of [...this.entries.keys()]) this.drop(id)
  }

  private async entry(sheetId: string): Promise<Entry> {
    const doc = await this.getDoc(sheetId)
    const key = pinKey(doc)
    const existing = this.entries.get(sheetId)
    if (existing && existing.doc === doc && existing.key === key) return existing
    if (existing) this.drop(sheetId)
    let pending = this.loading.get(sheetId)
    if (!pending) {
      pending = Promise.resolve().then(async () => {
        const meta = readMeta(doc)
        const template = await this.templateFor({
          template: typeof meta.template === 'string' ? meta.template : undefined,
          templateVersion:
            typeof meta.templateVersion === 'number' ? meta.templateVersion : undefined,
        })
        const entry = build(doc, key, template)
        this.entries.set(sheetId, entry)
        return entry
      })
      this.loading.set(sheetId, pending)
      pending.finally(() => this.loading.delete(sheetId)).catch(() => {})
    }
    return pending
  }

  /** Apply the rows changed since the last settle. */
  private settle(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer)
    entry.timer = null
    const validator = entry.validator
    if (!validator) {
      entry.dirty.clear()
      return
    }
    if (entry.orderChanged) validator.setOrder(orderedRowIds(entry.doc))
    entry.orderChanged = false
    for (const id of entry.dirty) {
      const row = isDeleted(entry.doc, id) ? undefined : readRow(entry.doc, id)
      if (row) validator.setRow(row)
      else validator.removeRow(id)
    }
    entry.dirty.clear()
  }

  private drop(sheetId: string): void {
    const entry = this.entries.get(sheetId)
    if (entry?.timer) clearTimeout(entry.timer)
    this.entries.delete(sheetId)
  }

  private sweep(): void {
    const cutoff = Date.now() - this.idleMs
    for (const [id, entry] of this.entries) if (entry.lastUsed < cutoff) this.drop(id)
  }
}

function pinKey(doc: Y.Doc): string {
  const meta = readMeta(doc)
  return `${String(meta.template)}@${String(meta.templateVersion ?? '')}`
}

/** Without a registry: the built-in of that id, else of that kind. */
function builtinFor({ template }: { template: string | undefined }): GridTemplate | null {
  if (!template) return null
  const t =
    BUILTIN_TEMPLATES.get(template) ??
    (template === 'ledger' || template === 'scoring' ? builtinTemplate(template) : undefined)
  return t && t.kind !== 'report' ? t : null
}

function build(doc: Y.Doc, key: string, template: GridTemplate | null): Entry {
  let validator: SheetValidator | null = null
  if (template) {
    const order = orderedRowIds(doc)
    validator = new SheetValidator(template, { order })
    for (const id of order) validator.setRow(readRow(doc, id)!)
  }
  return {
    key,
    validator,
    doc,
    dirty: new Set(),
    orderChanged: false,
    timer: null,
    lastUsed: Date.now(),
  }
}
