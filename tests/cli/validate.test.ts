// `taizhang validate` as a child process on real xlsx / csv files (SPEC §6.2): exact JSON,
// row numbers counted below the header, rule ids, exit codes 0 / 1 / 2, no stack traces.
import { basename } from 'node:path'
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CODES, brokenCode, runCli, writeFixtures, type CliResult, type Fixtures } from './fixtures'

let fx: Fixtures
const run: Record<string, CliResult> = {}

interface JsonFinding {
  row: number
  column: string
  rule: string
  severity: string
  message: string
}
interface JsonFile {
  file: string
  rows: number
  findings: JsonFinding[]
}

/** A finding without its message, for compact expectations. */
const brief = (f: JsonFinding) => [f.row, f.column, f.rule, f.severity]

const files = (r: CliResult): JsonFile[] => (JSON.parse(r.stdout) as { files: JsonFile[] }).files

beforeAll(async () => {
  fx = await writeFixtures()
  const p = fx.path
  // Few processes (each start costs ~0.5 s), two at a time on the two CPU cores.
  const jobs: [string, string[]][] = [
    [
      'ledgerJson',
      [
        'validate',
        '--template',
        'ledger',
        '--json',
        p('一网格.xlsx'),
        p('二网格.csv'),
        p('三网格.csv'),
        p('四网格.csv'),
        p('五网格.tsv'),
      ],
    ],
    ['ledgerHuman', ['validate', '--template', 'ledger', p('一网格.xlsx'), p('三网格.csv')]],
    [
      'bad',
      [
        'validate',
        '--template',
        'ledger',
        '--json',
        p('损坏.xlsx'),
        p('空.csv'),
        p('缺列.xlsx'),
        p('无表头.csv'),
        p('不存在.xlsx'),
        p('三网格.csv'),
      ],
    ],
    ['scoring', ['validate', '--template=scoring', '--json', p('督查评分.xlsx')]],
    ['clean', ['validate', '-t', 'ledger', p('三网格.csv'), p('五网格.tsv')]],
    ['noTemplate', ['validate', p('三网格.csv')]],
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

describe('taizhang validate --json', () => {
  it('prints {files:[{file,rows,findings:[{row,column,rule,severity,message}]}]} and exits 1 on errors', () => {
    const r = run.ledgerJson!
    expect(r.code).toBe(1)
    const out = files(r)
    expect(out.map((f) => [basename(f.file), f.rows])).toEqual([
      ['一网格.xlsx', 4],
      ['二网格.csv', 3],
      ['三网格.csv', 2],
      ['四网格.csv', 1],
      ['五网格.tsv', 1],
    ])
    expect(out[0]!.file).toBe(fx.path('一网格.xlsx'))
    for (const f of out) {
      expect(Object.keys(f)).toEqual(['file', 'rows', 'findings'])
      for (const finding of f.findings) {
        expect(Object.keys(finding)).toEqual(['row', 'column', 'rule', 'severity', 'message'])
        expect(finding.message).toMatch(/[\u4e00-\u9fff]/)
      }
    }
  })

  it('xlsx with a title row and two-level merged headers: rows numbered below the header, empty row counted', () => {
    const [xlsx] = files(run.ledgerJson!)
    expect(xlsx!.findings.map(brief)).toEqual([
      [2, 'members', 'members-exceed-employees', 'error'],
      [2, 'orgForm', 'should-build-single', 'warning'],
      [4, 'employees', 'type', 'error'],
      [4, 'instructor', 'need-instructor', 'warning'],
      [5, 'creditCode', 'credit-code-invalid', 'error'],
      [5, 'stars', 'range', 'error'],
    ])
    const messages = xlsx!.findings.map((f) => f.message)
    expect(messages[1]).toBe('有3名以上正式党员，原则上应单独组建')
    expect(messages[3]).toBe('未建党组织的应选派党建指导员')
    expect(messages[4]).toContain(brokenCode(CODES.a))
  })

  it('csv in UTF-8 with BOM, without BOM, GB18030 and TSV with column ids', () => {
    const [, bom, plain, gb, tsv] = files(run.ledgerJson!)
    expect(bom!.findings.map(brief)).toEqual([
      [1, 'members', 'over50-no-member', 'warning'],
      [1, 'orgForm', 'over100-no-org', 'warning'],
      [2, 'creditCode', 'credit-code-duplicate', 'error'],
      [3, 'phone', 'phone-invalid', 'warning'],
    ])
    expect(plain!.findings).toEqual([])
    expect(gb!.findings).toEqual([
      {
        row: 1,
        column: 'members',
        rule: 'social-over20-no-member',
        severity: 'warning',
        message: '20人以上社会组织应有党员',
      },
    ])
    expect(tsv!.findings).toEqual([])
  })

  it('lists unknown columns once on stderr, 序号 not among them', () => {
    const lines = run.ledgerJson!.stderr.trim().split('\n')
    expect(lines).toEqual([`${fx.path('一网格.xlsx')}：已忽略未知列 微信号`])
  })

  it('scoring sheets: two-level header with (n分), criteria rules', () => {
    const r = run.scoring!
    expect(r.code).toBe(1)
    const [sheet] = files(r)
    expect(sheet!.rows).toBe(2)
    expect(sheet!.findings.map(brief)).toEqual([
      [2, 'date', 'date-in-future', 'error'],
      [2, 'sign', 'score-range', 'error'],
      [2, 'problems', 'deduction-needs-problem', 'error'],
    ])
  })
})

describe('taizhang validate: unreadable files', () => {
  it('one line per bad file naming it, the readable file still reported, exit 2, no stack trace', () => {
    const r = run.bad!
    expect(r.code).toBe(2)
    expect(files(r).map((f) => basename(f.file))).toEqual(['三网格.csv'])
    const lines = r.stderr.trim().split('\n')
    expect(lines).toEqual([
      `taizhang：${fx.path('损坏.xlsx')}：无法读取 xlsx 文件：文件已损坏或不是 Excel 文件`,
      `taizhang：${fx.path('空.csv')}：文件为空`,
      `taizhang：${fx.path('缺列.xlsx')}：缺少必填列：组织类别、从业人员数`,
      `taizhang：${fx.path('无表头.csv')}：未找到表头：前 10 行中没有同时包含“组织名称”和其他列名的行`,
      `taizhang：${fx.path('不存在.xlsx')}：找不到文件或无法打开`,
    ])
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('a missing --template is a usage error: exit 2, no stack trace', () => {
    const r = run.noTemplate!
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('--template')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('taizhang validate: human output', () => {
  it('Chinese report per file with data row, Excel row and column label; exit 1 on errors', () => {
    const r = run.ledgerHuman!
    expect(r.code).toBe(1)
    const out = r.stdout
    expect(out).toContain(`${fx.path('一网格.xlsx')}（网格台账，4 行数据）`)
    expect(out).toContain('已忽略未知列：微信号')
    expect(out).toContain('已跳过第 6 行（表格第 9 行）：合计行')
    expect(out).toContain('已跳过第 7 行（表格第 10 行）：表尾签字栏')
    expect(out).toContain(
      '第 2 行（表格第 5 行） 组建方式：[警告] 有3名以上正式党员，原则上应单独组建（should-build-single）',
    )
    expect(out).toMatch(/第 4 行（表格第 7 行） 从业人员数：\[错误\] .*（type）/)
    expect(out).toContain('共 4 个错误，2 个警告。')
    expect(out).toContain('未发现问题。')
    expect(out).toContain('合计：2 个文件，6 行数据，4 个错误，2 个警告。')
  })

  it('exit 0 when no file has an error', () => {
    const r = run.clean!
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('合计：2 个文件，3 行数据，0 个错误，0 个警告。')
  })
})
