/**
 * Real ledger and scoring files for the CLI tests, written the way townships send them:
 * xlsx with a title row and two-level merged headers (人员 / 党组织 / 六有), rich text,
 * formulas with cached results, hyperlinks, a 合计 line and a signature footer; csv as
 * UTF-8 with and without BOM, as GB18030 bytes (what Excel in China saves) and as TSV;
 * and broken files (random bytes, empty, a missing required column, no header).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ExcelJS from 'exceljs'
import { withCheckChar } from '@taizhang/schema'

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** `node server/bin/taizhang.mjs …` as a child process, from the repository root. */
export function runCli(args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['server/bin/taizhang.mjs', ...args],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, TAIZHANG_DEBUG: '' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
        done({ code, stdout, stderr })
      },
    )
  })
}

/** Valid credit codes (check character computed by the GB 32100-2015 algorithm). */
export const CODES = {
  a: withCheckChar('91320902MA1X00001'),
  b: withCheckChar('91320902MA1X00002'),
  c: withCheckChar('52320902MJ0000003'),
}

/** A code whose check character is wrong. */
export function brokenCode(code: string): string {
  const last = code.at(-1)
  return code.slice(0, -1) + (last === '0' ? '1' : '0')
}

/** Encode text as GB18030 using only the platform's decoder (two-byte GBK range). */
export function encodeGb18030(text: string): Uint8Array {
  const table = new Map<string, [number, number]>()
  const decoder = new TextDecoder('gb18030')
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue
      const ch = decoder.decode(new Uint8Array([hi, lo]))
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo])
    }
  }
  const out: number[] = []
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (code < 0x80) out.push(code)
    else {
      const pair = table.get(ch)
      if (!pair) throw new Error(`no GBK encoding for ${ch}`)
      out.push(...pair)
    }
  }
  return new Uint8Array(out)
}

/** Two-level header of the test ledger: [group or null, label]. */
const LEDGER_HEADER: [string | null, string][] = [
  [null, '序号'],
  [null, '组织名称'],
  [null, '统一社会信用代码'],
  [null, '组织类别'],
  [null, '联系电话'],
  ['人员', '从业人员数（人）'],
  ['人员', '正式党员数'],
  ['人员', '预备党员数'],
  ['党组织', '组建方式'],
  ['党组织', '书记姓名'],
  ['党组织', '是否“一肩挑”'],
  ['党组织', '党建指导员'],
  ['六有', '有场所'],
  ['六有', '有设施'],
  ['六有', '有标志'],
  ['六有', '有党旗'],
  ['六有', '有书报'],
  ['六有', '有制度'],
  [null, '星级'],
  [null, '年度党建经费（元）'],
  [null, '年度工资总额（元）'],
  [null, '微信号'],
]

type XlsxValue = ExcelJS.CellValue

/**
 * 一网格.xlsx: title row, two-level merged header, then (data rows)
 * 1 甲 clean (rich-text name, formula for 从业人员数); 2 乙 members > employees and
 * 联合组建 with 10 members; 3 empty; 4 丙 从业人员数 "abc", 未建立 without instructor;
 * 5 丁 wrong check character, 星级 6, 组建方式 "1+N"; 6 合计; 7 footer.
 */
async function ledgerXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('台账')
  const width = LEDGER_HEADER.length
  ws.getRow(1).getCell(1).value = '东城街道一网格两新组织党建工作台账'
  ws.mergeCells(1, 1, 1, width)
  LEDGER_HEADER.forEach(([group, label], i) => {
    ws.getRow(2).getCell(i + 1).value = group ?? label
    ws.getRow(3).getCell(i + 1).value = label
  })
  // Single-level columns span both header rows; groups span their columns.
  LEDGER_HEADER.forEach(([group], i) => {
    if (group === null) ws.mergeCells(2, i + 1, 3, i + 1)
  })
  for (const group of ['人员', '党组织', '六有']) {
    const cols = LEDGER_HEADER.flatMap(([g], i) => (g === group ? [i + 1] : []))
    ws.mergeCells(2, cols[0]!, 2, cols.at(-1)!)
  }
  const yes6: XlsxValue[] = ['是', '是', '是', '是', '是', '是']
  const rows: XlsxValue[][] = [
    [
      1,
      { richText: [{ text: '甲科技' }, { font: { bold: true }, text: '有限公司' }] },
      CODES.a,
      '非公企业',
      '13812345678',
      { formula: '50+10', result: 60 },
      5,
      1,
      '单独组建',
      '张伟',
      true,
      null,
      ...yes6,
      4,
      5000,
      800000,
      'zw001',
    ],
    [
      2,
      '乙商贸有限公司',
      CODES.b,
      '非公企业',
      null,
      8,
      10,
      0,
      '联合组建',
      '李娜',
      '否',
      { text: '王强', hyperlink: 'mailto:wq@example.com' },
      ...yes6,
      null,
      null,
      null,
      null,
    ],
    [],
    [4, '丙行业协会', CODES.c, '社会组织', null, 'abc', null, null, '未建立'],
    [
      5,
      '丁商行',
      brokenCode(CODES.a),
      '个体工商户',
      null,
      30,
      1,
      0,
      '1+N',
      null,
      null,
      '赵敏',
      null,
      null,
      null,
      null,
      null,
      null,
      6,
    ],
    ['合计', null, null, null, null, { formula: 'SUM(F4:F8)', result: 98 }],
    ['填报单位：东城街道一网格', null, null, null, '填报人：张伟'],
  ]
  rows.forEach((cells, r) => {
    cells.forEach((value, c) => {
      ws.getRow(4 + r).getCell(c + 1).value = value
    })
  })
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const CSV_HEADER =
  '组织 名称,统一社会信用代码,组织类别,联系电话,从业人员数,正式党员数,组建方式,党建指导员'

/** 二网格.csv (UTF-8 with BOM): 1 over 50/100 without member/org; 2 repeats 1's code; 3 bad phone. */
function csvWithBom(): Buffer {
  const text = [
    CSV_HEADER,
    `戊制造有限公司,${CODES.a.toLowerCase()},非公企业,0515-88881234,120,0,未建立,孙杰`,
    `己餐饮店,${CODES.a},个体工商户,13912345678,20,3,单独组建,`,
    `"庚物流有限公司",,非公企业,12345,10,1,区域党支部覆盖（1+N）,孙杰`,
    '',
  ].join('\r\n')
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
}

/** 三网格.csv (UTF-8, no BOM): two clean rows. */
function csvClean(): Buffer {
  return Buffer.from(
    [
      CSV_HEADER,
      '壬软件有限公司,,非公企业,,15,3,单独组建,',
      '癸志愿者协会,,社会组织,,5,0,区域党支部覆盖,吴刚',
    ].join('\n'),
    'utf8',
  )
}

/** 四网格.csv as GB18030 bytes: a 社会组织 with 25 staff and no member. */
function csvGb18030(): Uint8Array {
  return encodeGb18030(
    [
      '组织名称,组织类别,从业人员数,正式党员数,组建方式,党建指导员',
      '辛社工服务中心,社会组织,25,0,未建立,周敏',
      '',
    ].join('\r\n'),
  )
}

/** 五网格.tsv: tab-separated, column ids as headers. */
function tsvWithIds(): Buffer {
  return Buffer.from(
    'name\tcategory\temployees\torgForm\n子超市\t个体工商户\t6\t挂靠组建\n',
    'utf8',
  )
}

/** 镇区.csv: a 所属单位 column; the empty one falls back to the file name. */
function csvWithUnits(): Buffer {
  return Buffer.from(
    [
      '所属单位,组织名称,组织类别,从业人员数,正式党员数,组建方式',
      '东村,丑公司,非公企业,60,5,单独组建',
      '西村,寅协会,社会组织,30,0,未建立',
      '东村,卯公司,非公企业,40,1,联合组建',
      ',辰公司,非公企业,10,0,未建立',
    ].join('\n'),
    'utf8',
  )
}

/** 缺列.xlsx: 组织名称 and 组建方式 but no 组织类别 / 从业人员数. */
async function missingColumnXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Sheet1')
  ws.addRow(['组织名称', '组建方式', '备注'])
  ws.addRow(['甲', '单独组建', ''])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** Deterministic junk that is not a zip. */
function randomBytes(n: number, seed = 7): Buffer {
  const out = Buffer.alloc(n)
  let x = seed
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648
    out[i] = x >> 16
  }
  return out
}

/** Scoring headers: [group, label with max] for every default criterion. */
const SCORING_CRITERIA: [string, string, number][] = [
  ['组织建设(25分)', '党组织设置与换届', 5],
  ['组织建设(25分)', '书记选配与培训', 5],
  ['组织建设(25分)', '发展党员', 5],
  ['组织建设(25分)', '三会一课与组织生活', 10],
  ['阵地建设“六有”(18分)', '场所', 3],
  ['阵地建设“六有”(18分)', '设施', 3],
  ['阵地建设“六有”(18分)', '标志', 3],
  ['阵地建设“六有”(18分)', '党旗', 3],
  ['阵地建设“六有”(18分)', '书报', 3],
  ['阵地建设“六有”(18分)', '制度', 3],
  ['制度与档案(15分)', '工作制度上墙', 5],
  ['制度与档案(15分)', '“5簿6册1卡”档案齐全', 10],
  ['经费保障(10分)', '活动经费不少于工资总额0.5%', 10],
  ['活动开展(15分)', '党员示范岗/责任区', 5],
  ['活动开展(15分)', '主题实践活动', 5],
  ['活动开展(15分)', '党建带群建', 5],
  ['作用发挥(17分)', '促进企业发展', 6],
  ['作用发挥(17分)', '凝聚职工维护权益', 6],
  ['作用发挥(17分)', '特色品牌', 5],
]

/**
 * 督查评分.xlsx: two-level header, criteria with (n分). Row 1 full marks; row 2 场所 2 of
 * 3 without 存在问题, 标志 2.3 (not a 0.5 step), 督查日期 in the future.
 */
async function scoringXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('评分')
  const lead = ['组织名称', '督查组', '督查日期']
  const tail = ['存在问题', '整改要求', '整改期限']
  const groups = [...lead, ...SCORING_CRITERIA.map(([g]) => g), ...tail]
  const labels = [...lead, ...SCORING_CRITERIA.map(([, l, max]) => `${l}(${max}分)`), ...tail]
  ws.addRow(groups)
  ws.addRow(labels)
  lead.forEach((_, i) => ws.mergeCells(1, i + 1, 2, i + 1))
  tail.forEach((_, i) => ws.mergeCells(1, groups.length - i, 2, groups.length - i))
  const full = SCORING_CRITERIA.map(([, , max]) => max)
  ws.addRow(['甲科技有限公司', '第一督查组', new Date(Date.UTC(2026, 2, 5)), ...full])
  const partial = [...full]
  partial[4] = 2
  partial[6] = 2.3
  ws.addRow(['乙商贸有限公司', '第一督查组', '2099年1月1日', ...partial])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export interface Fixtures {
  dir: string
  path: (name: string) => string
}

/** Write every test file into a fresh temporary directory. */
export async function writeFixtures(): Promise<Fixtures> {
  const dir = await mkdtemp(join(tmpdir(), 'taizhang-cli-'))
  const files: Record<string, Uint8Array> = {
    '一网格.xlsx': await ledgerXlsx(),
    '二网格.csv': csvWithBom(),
    '三网格.csv': csvClean(),
    '四网格.csv': csvGb18030(),
    '五网格.tsv': tsvWithIds(),
    '镇区.csv': csvWithUnits(),
    '缺列.xlsx': await missingColumnXlsx(),
    '损坏.xlsx': randomBytes(4096),
    '空.csv': new Uint8Array(0),
    '无表头.csv': Buffer.from('这是一份说明文字\n没有表头,也没有数据\n', 'utf8'),
    '督查评分.xlsx': await scoringXlsx(),
  }
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes)
  return { dir, path: (name) => join(dir, name) }
}
