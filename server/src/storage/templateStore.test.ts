/**
 * @module storage/templateStore.test
 * The template store contract (SPEC §7), run against SQLite and PostgreSQL alike: version 1 on
 * create, the next version on each save (two saves at once get two numbers), the latest of
 * each template per unit, the caps per unit and per template, ids never reused, and published
 * versions insert-only — the database itself refuses an UPDATE or DELETE of a version row.
 * Sheets keep their pinned template id and version in the register.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from './sqlite/db'
import { sqliteMetaStore } from './sqlite/sqliteMetaStore'
import { migratePg, openPgPool, type PgPool } from './postgres/pgDatabase'
import { pgMetaStore } from './postgres/pgMetaStore'
import type { MetaStore } from './MetaStore'
import { TemplateStoreError } from './TemplateStore'
import { createTestDatabase, type TestDatabase } from '../test/testDatabase'

interface Backend {
  store: MetaStore
  /** Run raw SQL against the backend's database. */
  exec(sql: string): Promise<unknown>
  close(): Promise<void>
}

const backends: [string, () => Promise<Backend>][] = [
  [
    'SQLite',
    async () => {
      const db: Db = openDatabase(':memory:')
      return {
        store: sqliteMetaStore(db),
        exec: async (sql) => db.prepare(sql).run(),
        close: async () => {
          db.close()
        },
      }
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const database: TestDatabase = await createTestDatabase()
      const pool: PgPool = openPgPool(database.url)
      await migratePg(pool)
      return {
        store: pgMetaStore(pool),
        exec: (sql) => pool.query(sql),
        close: async () => {
          await pool.end()
          await database.drop()
        },
      }
    },
  ],
]

const limits = { perUnit: 3, versions: 4 }
const definition = (label: string) =>
  JSON.stringify({ columns: [{ id: 'name', label, type: 'text' }] })

describe.each(backends)('TemplateStore on %s', (_name, open) => {
  let b: Backend
  let unit: string
  let other: string
  beforeAll(async () => {
    b = await open()
    unit = (await b.store.units.create({ name: '区', parentId: null, level: 'district' })).id
    other = (await b.store.units.create({ name: '镇', parentId: unit, level: 'township' })).id
  })
  afterAll(async () => {
    await b?.close()
  })

  it('creates version 1 and numbers each save after it', async () => {
    const first = await b.store.templates.create(
      {
        id: 't-a',
        unitId: unit,
        kind: 'ledger',
        name: '台账',
        definition: definition('名称'),
        createdBy: null,
      },
      limits,
    )
    expect(first).toMatchObject({
      id: 't-a',
      unitId: unit,
      kind: 'ledger',
      name: '台账',
      version: 1,
    })
    const [v2, v3] = await Promise.all([
      b.store.templates.addVersion(
        't-a',
        { name: '台账二', definition: definition('组织'), createdBy: null },
        limits,
      ),
      b.store.templates.addVersion(
        't-a',
        { name: '台账三', definition: definition('单位'), createdBy: null },
        limits,
      ),
    ])
    expect([v2!.version, v3!.version].sort()).toEqual([2, 3])
    expect(await b.store.templates.versions('t-a')).toEqual([1, 2, 3])
    expect((await b.store.templates.get('t-a'))!.version).toBe(3)
    expect(JSON.parse((await b.store.templates.get('t-a', 1))!.definition).columns[0].label).toBe(
      '名称',
    )
    expect(await b.store.templates.get('t-a', 9)).toBeUndefined()
    expect(await b.store.templates.get('nope')).toBeUndefined()
    expect(await b.store.templates.versions('nope')).toEqual([])
  })

  it('lists the latest version of each template of the given units', async () => {
    await b.store.templates.create(
      {
        id: 't-b',
        unitId: other,
        kind: 'scoring',
        name: '评分',
        definition: '{}',
        createdBy: null,
      },
      limits,
    )
    const all = await b.store.templates.list()
    expect(all.map((t) => [t.id, t.version])).toEqual([
      ['t-a', 3],
      ['t-b', 1],
    ])
    expect((await b.store.templates.list([other])).map((t) => t.id)).toEqual(['t-b'])
    expect(await b.store.templates.list([])).toEqual([])
    expect(all[0]).not.toHaveProperty('definition')
  })

  it('refuses a taken id, a full unit and a template past its versions', async () => {
    const dup = b.store.templates.create(
      { id: 't-a', unitId: other, kind: 'ledger', name: 'x', definition: '{}', createdBy: null },
      limits,
    )
    await expect(dup).rejects.toMatchObject({ code: 'exists' })
    await b.store.templates.create(
      { id: 't-c', unitId: unit, kind: 'ledger', name: 'c', definition: '{}', createdBy: null },
      limits,
    )
    await b.store.templates.create(
      { id: 't-d', unitId: unit, kind: 'ledger', name: 'd', definition: '{}', createdBy: null },
      limits,
    )
    const full = b.store.templates.create(
      { id: 't-e', unitId: unit, kind: 'ledger', name: 'e', definition: '{}', createdBy: null },
      limits,
    )
    await expect(full).rejects.toBeInstanceOf(TemplateStoreError)
    await expect(full).rejects.toMatchObject({ code: 'too-many-templates' })
    await b.store.templates.addVersion(
      't-a',
      { name: '4', definition: '{}', createdBy: null },
      limits,
    )
    const past = b.store.templates.addVersion(
      't-a',
      { name: '5', definition: '{}', createdBy: null },
      limits,
    )
    await expect(past).rejects.toMatchObject({ code: 'too-many-versions' })
    const missing = b.store.templates.addVersion(
      'nope',
      { name: 'x', definition: '{}', createdBy: null },
      limits,
    )
    await expect(missing).rejects.toMatchObject({ code: 'not-found' })
  })

  it('never lets a published version change or go (a trigger refuses)', async () => {
    await expect(
      b.exec(`UPDATE template_versions SET name = 'x' WHERE template_id = 't-a'`),
    ).rejects.toThrow(/immutable/)
    await expect(b.exec(`DELETE FROM template_versions WHERE template_id = 't-a'`)).rejects.toThrow(
      /immutable/,
    )
    expect((await b.store.templates.get('t-a', 1))!.name).toBe('台账')
  })

  it('keeps a sheet pinned to its template id and version', async () => {
    const made = await b.store.sheets.create({
      id: 's-1',
      unitId: other,
      template: 'ledger',
      templateId: 't-a',
      templateVersion: 2,
      title: '表',
      createdBy: null,
    })
    expect(made).toMatchObject({ template: 'ledger', templateId: 't-a', templateVersion: 2 })
    await b.store.sheets.setTemplateVersion('s-1', 3)
    expect(await b.store.sheets.byId('s-1')).toMatchObject({
      templateId: 't-a',
      templateVersion: 3,
    })
    const builtIn = await b.store.sheets.create({
      id: 's-2',
      unitId: other,
      template: 'scoring',
      title: '评分',
      createdBy: null,
    })
    expect(builtIn).toMatchObject({ templateId: 'scoring', templateVersion: 1 })
    expect((await b.store.sheets.list([other])).map((s) => s.templateId)).toEqual([
      't-a',
      'scoring',
    ])
  })
})
