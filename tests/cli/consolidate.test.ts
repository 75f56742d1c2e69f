// `taizhang consolidate` as a child process (SPEC §6.2, §2.4): one unit per file or per
// 所属单位 value, the §6.1 indicator JSON, error rows counted with a note on stderr,
// exit 2 and no output for an unreadable file; `taizhang help` and unknown commands.
import { rm } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, writeFixtures, type CliResult, type Fixtures } from './fixtures'

let fx: Fixtures
const run: Record<string, CliResult> = {}

const INDICATORS = [
  'orgCount',
  'enterpriseCount',
  'socialOrgCount',
  'employees',
  'members',
  'probationary',
  'builtCount',
  'singleCount',
  'jointCount',
  'attachedCount',
  'regionalCount',
  'orgCoverage',
  'workCoverage',
  'singleRate',
  'over50WithMemberRate',
  'over100BuiltRate',
  'social20WithMemberRate',
  'social50BuiltRate',
  'sixHaveRate',
  'unionCount',
  'youthLeagueCount',
  'womenFedCount',
  'instructorCount',
  'stars',
  'fundsOkCount',
]

type Indicators = Record<string, unknown> & {
  orgCount: number
  employees: number
  orgCoverage: { num: number; den: number; pct: number | null }
}
interface Consolidation {
  units: (Indicators & { unit: string })[]
  total: Indicators
}

beforeAll(async () => {
  fx = await writeFixtures()
  const p = fx.path
  const jobs: [string, string[]][] = [
    [
      'json',
      [
        'consolidate',
        '--json',
        p('一网格.xlsx'),
        p('二网格.csv'),
        p('镇区.csv'),
        '--out',
        p('汇总.xlsx'),
        '--unit',
        '东城街道',
      ],
    ],
    ['human', ['consolidate', p('三网格.csv'), p('四网格.csv')]],
    ['bad', ['consolidate', '--json', p('损坏.xlsx'), p('三网格.csv')]],
    ['help', []],
    ['unknown', ['frobnicate']],
  ]
  for (let i = 0; i < jobs.length; i += 2) {
    const batch = jobs.slice(i, i + 2)
    const results = await Promise.all(batch.map(([, args]) => runCli(args)))
    batch.forEach(([name], j) => (run[name] = results[j]!))
  }
}, 60_000)

afterAll(async () => {
  if (fx) await rm(fx.dir, { recursive: true, force: true })
})

describe('taizhang consolidate --json', () => {
  it('one unit per file, or per 所属单位 value (empty → file name); exact indicator keys', () => {
    const r = run.json!
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as Consolidation
    expect(Object.keys(out)).toEqual(['units', 'total'])
    expect(out.units.map((u) => [u.unit, u.orgCount, u.employees])).toEqual([
      ['一网格', 4, 98], // 60 + 8 + "abc" (counts as empty) + 30
      ['二网格', 3, 150],
      ['东村', 2, 100],
      ['西村', 1, 30],
      ['镇区', 1, 10],
    ])
    for (const u of out.units) expect(Object.keys(u)).toEqual(['unit', ...INDICATORS])
    expect(Object.keys(out.total)).toEqual(INDICATORS)
    expect(out.total.orgCount).toBe(11)
    expect(out.total.employees).toBe(388)
  })

  it('rates are recomputed from summed counts', () => {
    const out = JSON.parse(run.json!.stdout) as Consolidation
    // 已建: 一网格 甲 单独, 乙 联合; 二网格 己 单独; 东村 丑 单独, 卯 联合.
    expect(out.units[0]!.orgCoverage).toEqual({ num: 2, den: 4, pct: 50 })
    expect(out.total.orgCoverage).toEqual({ num: 5, den: 11, pct: 45.5 })
  })

  it('rows with errors are counted, with a note per file on stderr', () => {
    const lines = run.json!.stderr.trim().split('\n')
    expect(lines).toEqual([
      `${fx.path('一网格.xlsx')}：3 行存在错误，仍计入汇总（可用 taizhang validate 查看）`,
      `${fx.path('二网格.csv')}：1 行存在错误，仍计入汇总（可用 taizhang validate 查看）`,
      `已写入汇总表 ${fx.path('汇总.xlsx')}`,
    ])
  })

  it('--out writes the 汇总表 as an xlsx with one line per unit and 合计', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(fx.path('汇总.xlsx'))
    const texts: string[] = []
    wb.worksheets[0]!.eachRow((row) => texts.push(String(row.getCell(1).value ?? '')))
    expect(texts.join('|')).toContain('东城街道')
    for (const unit of ['一网格', '二网格', '东村', '西村', '镇区', '合计']) {
      expect(texts).toContain(unit)
    }
  })
})

describe('taizhang consolidate: human output and errors', () => {
  it('prints a table with one line per unit and a 合计 line', () => {
    const r = run.human!
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^单位\s+组织总数\s+新经济组织/)
    expect(lines[2]).toMatch(/^三网格\s+2\s+1\s+1\s+20\s/)
    expect(lines[3]).toMatch(/^四网格\s+1\s+0\s+1\s+25\s/)
    expect(lines.at(-1)).toMatch(/^合计\s+3\s+1\s+2\s+45\s/)
  })

  it('an unreadable file: one line naming it, no summary, exit 2, no stack trace', () => {
    const r = run.bad!
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(`taizhang：${fx.path('损坏.xlsx')}：无法读取 xlsx 文件`)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('taizhang help', () => {
  it('no arguments prints the usage in Chinese and English, exit 0', () => {
    const r = run.help!
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('taizhang validate 文件… --template ledger|scoring [--json]')
    expect(r.stdout).toContain('--template 也可以是 fiveStar 或表样文件')
    expect(r.stdout).toContain('Usage')
  })

  it('an unknown command is one line and exit 2', () => {
    const r = run.unknown!
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('未知命令“frobnicate”')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})
