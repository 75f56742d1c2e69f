// The registry of templates (SPEC §7): one immutable object per `${id}@${version}` (so schema
// compiles each once), built-ins by id, and a stored version that no longer validates never
// stops a sheet — the last good version is used and the problem is kept for admins; with no
// good version at all, the built-in of the kind.
import { columnsOf, ledgerTemplate, type GridTemplate } from '@taizhang/schema'
import { techDefinition } from '@taizhang/schema/test'
import { beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../storage/sqlite/db'
import { sqliteMetaStore } from '../storage/sqlite/sqliteMetaStore'
import type { MetaStore } from '../storage/MetaStore'
import { TEMPLATE_LIMITS } from '../storage/TemplateStore'
import { TemplateRegistry, templateRegistry } from './TemplateRegistry'

let store: MetaStore
let unitId = ''
// stored as the gate of an older release let it pass: a rule on a column that is not there
const broken = JSON.stringify({
  ...techDefinition,
  rules: [{ ...techDefinition.rules[0], column: 'nope' }],
})

beforeAll(async () => {
  store = sqliteMetaStore(openDatabase(':memory:'))
  unitId = (await store.units.create({ name: '区', parentId: null, level: 'district' })).id
  const save = (id: string, definition: string) =>
    store.templates.create(
      { id, unitId, kind: 'ledger', name: '科技台账', definition, createdBy: null },
      TEMPLATE_LIMITS,
    )
  await save('t-good', JSON.stringify(techDefinition))
  await store.templates.addVersion(
    't-good',
    { name: '科技台账', definition: broken, createdBy: null },
    TEMPLATE_LIMITS,
  )
  await save('t-bad', broken)
})

describe('TemplateRegistry', () => {
  it('gives built-ins by id and only at their version', async () => {
    const registry = new TemplateRegistry(store.templates)
    const ledger = await registry.load('ledger')
    expect(ledger).toMatchObject({ id: 'ledger', builtIn: true, version: 1, problem: null })
    expect(ledger!.template).toBe(ledgerTemplate)
    expect(await registry.load('ledger', 2)).toBeUndefined()
    expect(await registry.load('t-none')).toBeUndefined()
    expect(TemplateRegistry.isBuiltIn('fiveStar')).toBe(true)
    expect(TemplateRegistry.isBuiltIn('t-good')).toBe(false)
  })

  it('keeps one immutable object per id and version', async () => {
    const registry = templateRegistry(store)
    expect(templateRegistry(store)).toBe(registry)
    const a = await registry.load('t-good', 1)
    const b = await registry.load('t-good', 1)
    expect(a!.template).toBe(b!.template)
    expect(Object.isFrozen(a!.template)).toBe(true)
    expect(columnsOf(a!.template as GridTemplate).map((c) => c.id)).toContain('techStaff')
  })

  it('falls back to the last good version and keeps the problem', async () => {
    const registry = new TemplateRegistry(store.templates)
    const latest = await registry.load('t-good')
    expect(latest).toMatchObject({ version: 2, usedVersion: 1 })
    expect(latest!.problem).toContainEqual({
      path: 'definition.rules[0].column',
      message: expect.stringContaining('nope'),
    })
    expect(latest!.template).toBe((await registry.load('t-good', 1))!.template)
    // a sheet pinned to the broken version still gets a template
    const grid = await registry.gridFor({
      template: 'ledger',
      templateId: 't-good',
      templateVersion: 2,
    })
    expect(columnsOf(grid!).map((c) => c.id)).toContain('techStaff')
  })

  it('falls back to the built-in of the kind when no version is good', async () => {
    const registry = new TemplateRegistry(store.templates)
    const bad = await registry.load('t-bad')
    expect(bad).toMatchObject({ version: 1, usedVersion: 0 })
    expect(bad!.template).toBe(ledgerTemplate)
    expect(bad!.problem!.length).toBeGreaterThan(0)
  })
})
