// `taizhang validate --template ID|FILE.json` and `taizhang consolidate --template FILE.json`
// (SPEC §7) as child processes: a district's definition file (bare, or a whole template
// document) adds a column the files carry and a rule with its own threshold; a built-in by id;
// a broken definition file is a usage error naming the place (exit 2, no stack trace).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { techDefinition } from '@taizhang/schema/test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './fixtures'

let dir = ''
const path = (name: string) => join(dir, name)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'taizhang-cli-template-'))
  await writeFile(path('tech.json'), JSON.stringify(techDefinition))
  await writeFile(
    path('doc.json'),
    JSON.stringify({
      id: 'tech',
      kind: 'ledger',
      name: '科技台账',
      version: 3,
      definition: techDefinition,
    }),
  )
  const broken = structuredClone(techDefinition)
  ;(broken.rules[0]!.when.all[1]!.left as { col: string }).col = 'techStaf'
  await writeFile(path('broken.json'), JSON.stringify(broken))
  const header =
    '组织名称,组织类别,行业,从业人员数,科技人员数,正式党员数,预备党员数,组建方式,星级\r\n'
  await writeFile(
    path('一网格.csv'),
    '\uFEFF' +
      header +
      [
        '甲科技,非公企业,信息技术,60,40,0,0,未建立,3',
        '乙公司,非公企业,制造业,10,2,3,0,单独组建,5',
      ].join('\r\n') +
      '\r\n',
  )
  await writeFile(
    path('二网格.csv'),
    '\uFEFF' + header + '丙科技,非公企业,信息技术,35,31,1,0,联合组建,3\r\n',
  )
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('--template with a definition file', () => {
  it(
    'validates with the file’s column and rule, bare or as a document',
    { timeout: 90_000 },
    async () => {
      for (const file of ['tech.json', 'doc.json']) {
        const r = await runCli(['validate', path('一网格.csv'), '--template', path(file), '--json'])
        expect(r.code, r.stderr).toBe(0)
        const [report] = JSON.parse(r.stdout).files
        expect(report.rows).toBe(2)
        expect(report.findings).toContainEqual(
          expect.objectContaining({
            row: 1,
            column: 'members',
            rule: 'tech30-no-member',
            severity: 'warning',
          }),
        )
        expect(r.stderr).not.toContain('科技人员数')
      }
      // the built-in ledger has no 科技人员数: ignored there, and its 50-employee rule fires
      const builtIn = await runCli([
        'validate',
        path('一网格.csv'),
        '--template',
        'ledger',
        '--json',
      ])
      const rules = JSON.parse(builtIn.stdout).files[0].findings.map(
        (f: { rule: string }) => f.rule,
      )
      expect(rules).toContain('over50-no-member')
      expect(rules).not.toContain('tech30-no-member')
      expect(builtIn.stderr).toContain('科技人员数')
    },
  )

  it('consolidates with the file’s indicators and targets', { timeout: 90_000 }, async () => {
    const r = await runCli([
      'consolidate',
      path('一网格.csv'),
      path('二网格.csv'),
      '--template',
      path('tech.json'),
      '--json',
      '--out',
      path('summary.xlsx'),
    ])
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.units.map((u: { unit: string }) => u.unit)).toEqual(['一网格', '二网格'])
    expect(out.units[0]).toMatchObject({
      orgCount: 2,
      employees: 70,
      singleRate: { num: 1, den: 1, pct: 100 },
    })
    expect(out.units[0].met).toEqual({ singleRate: true })
    expect(out.total).toMatchObject({ orgCount: 3, employees: 105, stars: { '3': 2, '5': 1 } })
    expect(r.stderr).toContain('已写入汇总表')
    const human = await runCli(['consolidate', path('一网格.csv'), '--template', path('tech.json')])
    expect(human.code).toBe(0)
    expect(human.stdout).toContain('单独组建率')
  })

  it('refuses a broken definition file with the place of the problem, exit 2', async () => {
    const r = await runCli(['validate', path('一网格.csv'), '--template', path('broken.json')])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('rules[0].when.all[1].left.col')
    expect(r.stderr).toContain('列「techStaf」不存在')
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/)
    const unknown = await runCli(['validate', path('一网格.csv'), '--template', 'nope'])
    expect(unknown.code).toBe(2)
  })
})
