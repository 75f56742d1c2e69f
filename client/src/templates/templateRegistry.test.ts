import { ledgerTemplate, SheetValidator, templateFigures } from '@taizhang/schema'
import { techDefinition } from '@taizhang/schema/test'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/client'
import type { TemplateDocumentWire } from './templateApi'
import { templateCacheKey, TemplateRegistry, type RegistryDeps } from './templateRegistry'

const doc = (version: number, definition: unknown = techDefinition): TemplateDocumentWire => ({
  id: 'tech',
  kind: 'ledger',
  name: '科技企业台账',
  unitId: 'u1',
  version,
  definition,
})

/** The registry over a server answering `docs` (or offline) and an in-memory IndexedDB. */
function setup(docs: TemplateDocumentWire[]) {
  const store = new Map<string, unknown>()
  const calls: string[] = []
  let online = true
  const deps: RegistryDeps = {
    async fetchDocument(id, version) {
      calls.push(`${id}@${version ?? 'latest'}`)
      if (!online) throw new ApiError('网络不可用', 0)
      const list = docs.filter((d) => d.id === id)
      const found = version === undefined ? list.at(-1) : list.find((d) => d.version === version)
      if (!found) throw new ApiError('未找到', 404)
      return structuredClone({ ...found, builtIn: false })
    },
    getCached: async <T>(key: string) => store.get(key) as T | undefined,
    async setCached(key, value) {
      store.set(key, structuredClone(value))
    },
  }
  return {
    deps,
    store,
    calls,
    goOffline: () => {
      online = false
    },
  }
}

describe('TemplateRegistry (SPEC §7: a sheet follows its pinned version)', () => {
  it('answers a built-in by id at once, without the server', async () => {
    const { deps, calls } = setup([])
    const registry = new TemplateRegistry(deps)
    expect(registry.peek('ledger', 1)).toBe(ledgerTemplate)
    const resolved = await registry.resolve('ledger', undefined)
    expect(resolved.template).toBe(ledgerTemplate)
    expect((await registry.resolve('report', 1)).kind).toBe('report')
    expect(calls).toEqual([])
  })

  it('keeps one frozen object per id@version and stores the document for offline use', async () => {
    const { deps, store } = setup([doc(1), doc(2)])
    const registry = new TemplateRegistry(deps)
    const [a, b] = await Promise.all([registry.resolve('tech', 2), registry.resolve('tech', 2)])
    expect(a.template).not.toBeNull()
    expect(a.template).toBe(b.template)
    expect(registry.peek('tech', 2)).toBe(a.template)
    expect(Object.isFrozen(a.template)).toBe(true)
    expect(Object.isFrozen(a.template!.rules[0])).toBe(true)
    expect(store.has(templateCacheKey('tech', 2))).toBe(true)
    // the frozen template still validates and consolidates
    const validator = new SheetValidator(a.template!)
    validator.setRow({
      id: 'r1',
      name: '甲',
      industry: '信息技术',
      techStaff: 40,
      members: 0,
      probationary: 0,
    })
    expect(validator.findings().map((f) => f.rule)).toContain('tech30-no-member')
    expect(templateFigures(a.template!, []).values.orgCount).toBe(0)
  })

  it('opens a version offline from IndexedDB after one online visit', async () => {
    const { deps, goOffline } = setup([doc(1)])
    await new TemplateRegistry(deps).resolve('tech', 1)
    goOffline()
    const fresh = new TemplateRegistry(deps) // a reload: nothing in memory
    const resolved = await fresh.resolve('tech', 1)
    expect(resolved.problem).toBeNull()
    expect(resolved.template?.rules.map((r) => r.id)).toEqual(['tech30-no-member'])
  })

  it('falls back to the newest earlier version that validates, and says so', async () => {
    const broken = { ...techDefinition, rules: [{ ...techDefinition.rules[0], column: 'nope' }] }
    const { deps } = setup([doc(1), doc(2, broken)])
    const resolved = await new TemplateRegistry(deps).resolve('tech', 2)
    expect(resolved.version).toBe(1)
    expect(resolved.problem).toContain('第2版未通过校验')
    expect(resolved.problem).toContain('rules[0].column')
  })

  it('says why when offline with no copy at all', async () => {
    const { deps, goOffline } = setup([doc(1)])
    goOffline()
    const resolved = await new TemplateRegistry(deps).resolve('tech', 1)
    expect(resolved.template).toBeNull()
    expect(resolved.problem).toContain('离线')
  })

  it('refuses a document that is not the version asked for', async () => {
    const { deps } = setup([{ ...doc(1), version: 3 }])
    const registry = new TemplateRegistry(deps)
    const load = await registry.load('tech', 3)
    expect(load.ok).toBe(true)
    const wrong = await registry.load('tech', 1)
    expect(wrong.ok).toBe(false)
  })
})
