/**
 * @module demo/organisations
 * Realistic demo 网格台账 rows and whole demo districts (区 → 街道/镇 → 网格), seeded so
 * every run, machine and test sees the same organisations and row ids. Used by
 * `taizhang serve --demo`, the benchmark and consolidation tests.
 *
 * Without `withProblems` the rows have no `error` finding and no data-entry warning
 * (credit codes valid and unique, phones well formed, 组建方式 consistent with 正式党员数,
 * 党员 ≤ 从业人员); the shortfalls real grids have (50人以上企业无党员, 经费不足0.5%,
 * 书记培训不足7天, 未建立 without 指导员 …) still occur at realistic rates, so the
 * rates of the 汇总表 are not all 100 %. With `withProblems` about one row in eight also
 * breaks a rule on purpose (党员多于从业人员, 单独组建不足3名党员, wrong or repeated
 * credit codes, malformed phones, text kept in a count cell, 组建方式 left empty …).
 * Not for: scoring sheets (see `demo/scoringRows`).
 */
import { withCheckChar } from '../rules/creditCode'
import type { Row } from '../templates/types'
import { createRandom, type Random } from './random'
import {
  AREA_CODE,
  BRANDS,
  CITY,
  COMMUNITY_NAMES,
  COMPANY_SUFFIXES,
  DISTRICT_DIVISION_CODE,
  DISTRICT_NAMES,
  ENTERPRISE_TRADES,
  GIVEN_NAME_CHARS,
  HOMETOWNS,
  MARKET_KINDS,
  NOTES,
  PROVINCE_PREFIXES,
  ROADS,
  SHOP_KINDS,
  SOCIAL_KINDS,
  STREET_NAMES,
  SURNAMES,
  TOWN_NAMES,
} from './vocabulary'

export interface LedgerRowsOptions {
  seed: number | string
  count: number
  /** 所属网格 written into every row. */
  grid: string
  /** Also generate rows that break rules on purpose (see the module comment). */
  withProblems?: boolean
  /** 街道/镇 of the grid, used in addresses and joint branch names. */
  township?: string
  /** 区 of the grid, used in addresses. */
  district?: string
  /** 6-digit 行政区划代码 in the credit codes (default 320902). */
  divisionCode?: string
}

/** A person's name: surname plus one or two characters. */
export function personName(rng: Random): string {
  const given = rng.chance(0.7)
    ? rng.pick(GIVEN_NAME_CHARS) + rng.pick(GIVEN_NAME_CHARS)
    : rng.pick(GIVEN_NAME_CHARS)
  return rng.pick(SURNAMES) + given
}

/** 一 … 九十九, for 第三网格 and similar ordinals. */
export function chineseNumeral(n: number): string {
  const digits = '零一二三四五六七八九'
  if (n < 10) return digits[n]!
  if (n < 20) return '十' + (n % 10 ? digits[n % 10] : '')
  if (n < 100) return digits[Math.floor(n / 10)] + '十' + (n % 10 ? digits[n % 10] : '')
  return String(n)
}

const digitsOf = (rng: Random, n: number): string => {
  let s = ''
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9))
  return s
}

/** A mainland mobile (1[3-9] + 9 digits) or a 0515 landline, as people type them. */
function phoneNumber(rng: Random): string {
  if (rng.chance(0.8)) return `1${rng.pick(['3', '5', '7', '8', '9'])}${digitsOf(rng, 9)}`
  const local = `${rng.pick(['8', '6', '5'])}${digitsOf(rng, 7)}`
  return rng.chance(0.85) ? `${AREA_CODE}-${local}` : `${AREA_CODE}${local}`
}

const MALFORMED_PHONES = (rng: Random): string =>
  rng.pick([
    `1${rng.pick(['3', '8'])}${digitsOf(rng, 8)}`, // a digit short
    `8${digitsOf(rng, 7)}`, // landline without area code
    `${AREA_CODE}-${digitsOf(rng, 4)}`,
    '电话不详',
    `12${digitsOf(rng, 9)}`,
  ])

/** Characters of a credit code (GB 32100: no I, O, S, V, Z). */
const ORG_CODE_CHARS: readonly string[] = [...'0123456789ABCDEFGHJKLMNPQRTUWXY']
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

/** 组织机构代码 (GB 11714): 8 characters and their check character, as inside a credit code. */
function organisationCode(rng: Random): string {
  let body = rng.chance(0.5) ? 'MA' : ''
  while (body.length < 8) {
    body += body.startsWith('MA')
      ? rng.pick(ORG_CODE_CHARS)
      : String(rng.int(body.length === 0 ? 1 : 0, 9))
  }
  let sum = 0
  for (let i = 0; i < 8; i++) {
    const c = body[i]!
    const v = c >= '0' && c <= '9' ? Number(c) : c.charCodeAt(0) - 55
    sum += v * ORG_CODE_WEIGHTS[i]!
  }
  const check = 11 - (sum % 11)
  return body + (check === 10 ? 'X' : check === 11 ? '0' : String(check))
}

/** A valid credit code: 登记管理部门 + 机构类别, 行政区划码, 组织机构代码, check character. */
function creditCode(rng: Random, prefix: string, division: string, used: Set<string>): string {
  for (;;) {
    const code = withCheckChar(prefix + division + organisationCode(rng))
    if (!used.has(code)) {
      used.add(code)
      return code
    }
  }
}

/** A credit code with one character changed, so its check character is wrong. */
function brokenCode(rng: Random, code: string): string {
  const i = rng.int(8, 16)
  const others = ORG_CODE_CHARS.filter((c) => c !== code[i])
  return code.slice(0, i) + rng.pick(others) + code.slice(i + 1)
}

type Category = '非公企业' | '社会组织' | '个体工商户' | '专业市场'

/** 从业人员数 by category: most organisations small, some 50+, a few 100+. */
function employeesFor(rng: Random, category: Category): number {
  const buckets: Record<Category, readonly (readonly [[number, number], number])[]> = {
    非公企业: [
      [[3, 19], 45],
      [[20, 49], 27],
      [[50, 99], 14],
      [[100, 299], 10],
      [[300, 1500], 4],
    ],
    个体工商户: [
      [[1, 3], 60],
      [[4, 9], 35],
      [[10, 20], 5],
    ],
    社会组织: [
      [[2, 9], 45],
      [[10, 19], 25],
      [[20, 49], 18],
      [[50, 120], 12],
    ],
    专业市场: [
      [[8, 30], 40],
      [[31, 99], 40],
      [[100, 260], 20],
    ],
  }
  const [min, max] = rng.weighted(buckets[category])
  return rng.int(min, max)
}

/** Party members are sparse: most small organisations have none. */
function membersFor(rng: Random, category: Category, employees: number) {
  let p = employees < 10 ? 0.1 : employees < 20 ? 0.22 : employees < 50 ? 0.42 : 0.7
  if (employees >= 100) p = 0.88
  if (category === '社会组织') p += 0.1
  if (category === '个体工商户') p /= 2
  if (!rng.chance(p)) return { members: 0, probationary: 0 }
  const share = category === '社会组织' ? 0.04 + rng.next() * 0.14 : 0.02 + rng.next() * 0.07
  let members = Math.max(1, Math.round(employees * share))
  if (rng.chance(0.08)) members = 0 // only a 预备党员 so far
  let probationary = rng.chance(members >= 10 ? 0.3 : 0.12) ? rng.int(1, members >= 10 ? 2 : 1) : 0
  if (members === 0) probationary = 1
  // Members never exceed the workforce in clean data.
  members = Math.min(members, employees)
  probationary = Math.min(probationary, employees - members)
  return { members, probationary }
}

type Form = '单独组建' | '联合组建' | '挂靠组建' | '区域党支部覆盖' | '未建立'

/** 组建方式 consistent with the member counts (SPEC §2.1 rules). */
function formFor(rng: Random, category: Category, members: number, probationary: number): Form {
  if (members >= 3) return '单独组建'
  if (members + probationary >= 1) {
    return rng.weighted<Form>([
      ['联合组建', 50],
      ['挂靠组建', 20],
      ['区域党支部覆盖', 30],
    ])
  }
  const regional = category === '个体工商户' ? 65 : 55
  return rng.weighted<Form>([
    ['区域党支部覆盖', regional],
    ['未建立', 100 - regional],
  ])
}

/** What a grid shares between its rows: its instructors, joint branch, address parts. */
interface GridContext {
  grid: string
  township: string
  district: string
  division: string
  instructors: string[]
  jointSecretary: string
  regionalSecretary: string
  usedNames: Set<string>
  usedCodes: Set<string>
  codes: string[]
}

function organisationName(
  rng: Random,
  ctx: GridContext,
  category: Category,
): { name: string; industry: string; prefix: string } {
  for (let attempt = 0; ; attempt++) {
    let name: string
    let industry: string
    let prefix = '91'
    if (category === '非公企业') {
      const [trade, ind] = rng.pick(ENTERPRISE_TRADES)
      name = rng.pick(PROVINCE_PREFIXES) + rng.pick(BRANDS) + trade + rng.weighted(COMPANY_SUFFIXES)
      industry = ind
    } else if (category === '个体工商户') {
      const [shop, ind] = rng.pick(SHOP_KINDS)
      const owner = rng.chance(0.5) ? `${rng.pick(SURNAMES)}记` : rng.pick(BRANDS)
      name = `${ctx.district}${ctx.township}${owner}${shop}`
      industry = ind
      prefix = '92'
    } else if (category === '社会组织') {
      const [pattern, ind] = rng.pick(SOCIAL_KINDS)
      const place = pattern.endsWith('商会')
        ? `${CITY}${rng.pick(HOMETOWNS)}`
        : rng.chance(0.5)
          ? ctx.district
          : ctx.township
      name = pattern.replace('{place}', place).replace('{brand}', rng.pick(BRANDS))
      industry = ind
      prefix = /商会|协会/.test(name)
        ? '51'
        : name.endsWith('基金会')
          ? '53'
          : name.endsWith('律师事务所')
            ? '31'
            : name.endsWith('会计师事务所')
              ? '91'
              : '52'
    } else {
      name = `${ctx.township}${rng.pick(BRANDS)}${rng.pick(MARKET_KINDS)}`
      industry = '批发零售'
    }
    if (attempt > 20) name += `（${chineseNumeral(attempt - 19)}分店）`
    if (!ctx.usedNames.has(name)) {
      ctx.usedNames.add(name)
      return { name, industry, prefix }
    }
  }
}

/** 年度工资总额: 从业人员 × a yearly wage, in whole hundreds of 元. */
const payrollFor = (rng: Random, employees: number): number =>
  Math.round((employees * rng.int(45_000, 110_000)) / 100) * 100

/** 年度党建经费: usually ≥ 0.5% of payroll, sometimes below (a realistic shortfall). */
function fundsFor(rng: Random, payroll: number): number {
  if (rng.chance(0.82)) {
    return Math.ceil((payroll * (0.005 + rng.next() * 0.01)) / 100) * 100
  }
  return Math.floor((payroll * (0.001 + rng.next() * 0.0035)) / 100) * 100
}

/**
 * One clean ledger row (no error finding, no data-entry warning). Built as one object
 * literal with every column in template order: V8 keeps such objects in fast mode,
 * whereas 30+ keyed stores would turn them into slow dictionaries.
 */
function cleanRow(rng: Random, ctx: GridContext): Row {
  const category = rng.weighted<Category>([
    ['非公企业', 55],
    ['个体工商户', 20],
    ['社会组织', 17],
    ['专业市场', 8],
  ])
  const { name, industry, prefix } = organisationName(rng, ctx, category)
  const employees = employeesFor(rng, category)
  const { members, probationary } = membersFor(rng, category, employees)
  const orgForm = formFor(rng, category, members, probationary)
  const built = orgForm === '单独组建' || orgForm === '联合组建' || orgForm === '挂靠组建'
  const leader = personName(rng)

  let code: string | null = null
  if (!(category === '个体工商户' && rng.chance(0.05))) {
    code = creditCode(rng, prefix, ctx.division, ctx.usedCodes)
    ctx.codes.push(code)
  }

  const oneShoulder = orgForm === '单独组建' ? rng.chance(0.35) : built ? false : null
  let orgName: string | null = null
  let secretary: string | null = null
  if (orgForm === '单独组建') {
    const level = members >= 100 ? '委员会' : members >= 50 ? '总支部委员会' : '支部委员会'
    orgName = `中共${name}${level}`
    secretary = oneShoulder ? leader : personName(rng)
  } else if (orgForm === '联合组建') {
    orgName = `中共${ctx.township}${ctx.grid}${industry}联合支部委员会`
    secretary = ctx.jointSecretary
  } else if (orgForm === '挂靠组建') {
    orgName = `中共${ctx.township}${rng.pick(['机关', '社区', '商会'])}委员会`
    secretary = personName(rng)
  } else if (orgForm === '区域党支部覆盖') {
    orgName = `中共${ctx.township}${ctx.grid}区域支部委员会`
    secretary = ctx.regionalSecretary
  }
  const trainingDays = built ? (rng.chance(0.8) ? rng.int(7, 15) : rng.int(2, 6)) : null

  const instructorChance = orgForm === '未建立' ? 0.88 : orgForm === '区域党支部覆盖' ? 0.7 : 0.35
  const instructor = rng.chance(instructorChance) ? rng.pick(ctx.instructors) : null

  const big = employees >= 100
  const union = rng.chance(big ? 0.9 : employees >= 25 ? 0.55 : employees >= 10 ? 0.2 : 0.03)
  const youthLeague = rng.chance(big ? 0.5 : employees >= 50 ? 0.25 : 0.04)
  const womenFed = rng.chance(big ? 0.45 : employees >= 30 ? 0.18 : 0.03)

  const six: boolean[] = []
  const sixEmpty = !built && rng.chance(0.5)
  const allSix = built && rng.chance(0.55)
  for (let i = 0; i < 6; i++) {
    six.push(built ? allSix || rng.chance(0.7) : orgForm === '区域党支部覆盖' && rng.chance(0.1))
  }

  let stars: number | null = null
  if (orgForm === '单独组建') {
    stars = rng.weighted([
      [1, 5],
      [2, 15],
      [3, 40],
      [4, 28],
      [5, 12],
    ])
  } else if (built && rng.chance(0.3)) {
    stars = rng.weighted([
      [1, 25],
      [2, 40],
      [3, 35],
    ])
  }

  const withPayroll = category === '个体工商户' ? rng.chance(0.3) : built || rng.chance(0.5)
  const payroll = withPayroll ? payrollFor(rng, employees) : null
  const partyFunds = built && payroll !== null && rng.chance(0.95) ? fundsFor(rng, payroll) : null

  const aboveScale =
    category === '社会组织'
      ? null
      : category === '个体工商户'
        ? false
        : big || (employees >= 50 && rng.chance(0.5))

  return {
    id: rng.id(),
    name,
    creditCode: code,
    category,
    industry,
    aboveScale,
    grid: ctx.grid,
    address: `${ctx.district}${ctx.township}${rng.pick(ROADS)}${rng.int(1, 999)}号`,
    leader,
    phone: phoneNumber(rng),
    employees,
    members,
    probationary,
    activists: members + probationary > 0 ? rng.int(0, 3) : rng.chance(0.15) ? 1 : 0,
    orgForm,
    orgName,
    secretary,
    secretaryTrainingDays: trainingDays,
    oneShoulder,
    instructor,
    union,
    youthLeague,
    womenFed,
    hasSite: sixEmpty ? null : six[0]!,
    hasFacilities: sixEmpty ? null : six[1]!,
    hasSign: sixEmpty ? null : six[2]!,
    hasFlag: sixEmpty ? null : six[3]!,
    hasBooks: sixEmpty ? null : six[4]!,
    hasRules: sixEmpty ? null : six[5]!,
    stars,
    partyFunds,
    payroll,
    note: rng.chance(0.08) ? rng.pick(NOTES) : null,
  }
}

type Problem =
  | 'members-exceed'
  | 'single-under-3'
  | 'should-build-single'
  | 'code-invalid'
  | 'code-duplicate'
  | 'code-lowercase'
  | 'phone-malformed'
  | 'text-in-count'
  | 'form-empty'

/** Breaks one rule on purpose, keeping the rest of the row plausible. */
function addProblem(rng: Random, ctx: GridContext, row: Row): void {
  const problem = rng.weighted<Problem>([
    ['members-exceed', 10],
    ['single-under-3', 12],
    ['should-build-single', 12],
    ['code-invalid', 12],
    ['code-duplicate', 8],
    ['code-lowercase', 6],
    ['phone-malformed', 14],
    ['text-in-count', 12],
    ['form-empty', 6],
  ])
  const employees = typeof row.employees === 'number' ? row.employees : 0
  const code = typeof row.creditCode === 'string' ? row.creditCode : null
  switch (problem) {
    case 'members-exceed':
      row.members = employees + rng.int(1, 3)
      break
    case 'single-under-3':
      row.members = Math.min(employees, rng.int(1, 2))
      row.orgForm = '单独组建'
      row.orgName = `中共${String(row.name)}支部委员会`
      break
    case 'should-build-single':
      if (employees >= 3) {
        row.members = Math.max(3, Number(row.members) || 0)
        row.members = Math.min(row.members, employees)
        row.probationary = 0
        row.orgForm = rng.pick(['联合组建', '挂靠组建', '区域党支部覆盖'])
      } else row.phone = MALFORMED_PHONES(rng)
      break
    case 'code-invalid':
      row.creditCode = code ? brokenCode(rng, code) : '9132' + digitsOf(rng, 13)
      break
    case 'code-duplicate':
      if (ctx.codes.length > 1) row.creditCode = rng.pick(ctx.codes.slice(0, -1))
      else row.creditCode = code ? brokenCode(rng, code) : null
      break
    case 'code-lowercase':
      // Valid after normalising (SPEC §2.1): a realistic way codes are typed.
      if (code) row.creditCode = code.toLowerCase()
      break
    case 'phone-malformed':
      row.phone = MALFORMED_PHONES(rng)
      break
    case 'text-in-count':
      // Text the parser could not read is kept in the cell (with a `type` finding).
      row[rng.pick(['employees', 'members', 'activists'])] = rng.pick(['约50人', '不详', '待核实'])
      break
    case 'form-empty':
      row.orgForm = null
      break
  }
}

function makeContext(
  rng: Random,
  opts: Omit<LedgerRowsOptions, 'seed' | 'count' | 'withProblems'>,
  usedNames: Set<string>,
  usedCodes: Set<string>,
): GridContext {
  return {
    grid: opts.grid,
    township: opts.township ?? '新河镇',
    district: opts.district ?? '亭湖区',
    division: opts.divisionCode ?? DISTRICT_DIVISION_CODE,
    instructors: Array.from({ length: rng.int(2, 3) }, () => personName(rng)),
    jointSecretary: personName(rng),
    regionalSecretary: personName(rng),
    usedNames,
    usedCodes,
    codes: [],
  }
}

function rowsFor(rng: Random, ctx: GridContext, count: number, withProblems: boolean): Row[] {
  const rows: Row[] = []
  for (let i = 0; i < count; i++) {
    const row = cleanRow(rng, ctx)
    if (withProblems && rng.chance(0.12)) addProblem(rng, ctx, row)
    rows.push(row)
  }
  return rows
}

/** `count` ledger rows of one grid; the same options always give the same rows and ids. */
export function generateLedgerRows({
  seed,
  count,
  grid,
  withProblems = false,
  ...place
}: LedgerRowsOptions): Row[] {
  const rng = createRandom(`ledger/${String(seed)}/${grid}`)
  const ctx = makeContext(rng, { grid, ...place }, new Set(), new Set())
  return rowsFor(rng, ctx, count, withProblems)
}

export interface DemoGrid {
  /** e.g. 幸福社区第三网格 (unique within its township). */
  name: string
  /** 社区 or 村 the grid lies in. */
  community: string
  rows: Row[]
}
export interface DemoTownship {
  /** e.g. 城东街道, 新河镇. */
  name: string
  grids: DemoGrid[]
}
export interface DemoDistrict {
  name: string
  townships: DemoTownship[]
}

export interface DistrictOptions {
  seed: number | string
  townships: number
  gridsPerTownship: number
  /** Rows in every grid; or give `totalOrgs` to spread that many unevenly over the grids. */
  orgsPerGrid?: number
  totalOrgs?: number
  withProblems?: boolean
  /** 区 name (default picked by the seed). */
  name?: string
}

/** Distinct names from a list; extra ones get a numeral once the list runs out. */
function distinctNames(rng: Random, list: readonly string[], n: number): string[] {
  const names = rng.sample(list, n)
  for (let i = names.length; i < n; i++) names.push(`${rng.pick(list)}${chineseNumeral(i)}`)
  return names
}

/** Splits `total` over `parts` unevenly (weights 0.6–1.6), summing exactly to `total`. */
function spread(rng: Random, total: number, parts: number): number[] {
  const weights = Array.from({ length: parts }, () => 0.6 + rng.next())
  const sum = weights.reduce((a, b) => a + b, 0)
  const counts = weights.map((w) => Math.floor((total * w) / sum))
  let rest = total - counts.reduce((a, b) => a + b, 0)
  for (let i = 0; rest > 0; i = (i + 1) % parts, rest--) counts[i]! += 1
  return counts
}

/**
 * A demo district: `townships` 街道/镇, each with `gridsPerTownship` 网格 grouped in 社区/村,
 * each grid with its ledger rows. Names of organisations and credit codes are unique
 * across the district (apart from the duplicates `withProblems` adds on purpose).
 */
export function generateDistrict({
  seed,
  townships,
  gridsPerTownship,
  orgsPerGrid,
  totalOrgs,
  withProblems = false,
  name,
}: DistrictOptions): DemoDistrict {
  if (orgsPerGrid === undefined && totalOrgs === undefined) {
    throw new RangeError('generateDistrict needs orgsPerGrid or totalOrgs')
  }
  const rng = createRandom(`district/${String(seed)}`)
  const districtName = name ?? rng.pick(DISTRICT_NAMES)
  const gridCount = townships * gridsPerTownship
  const counts =
    totalOrgs !== undefined
      ? spread(rng, totalOrgs, gridCount)
      : Array.from({ length: gridCount }, () => orgsPerGrid!)
  const streets = Math.ceil(townships * 0.45)
  const townshipNames = [
    ...distinctNames(rng, STREET_NAMES, streets).map((n) => `${n}街道`),
    ...distinctNames(rng, TOWN_NAMES, townships - streets).map((n) => `${n}镇`),
  ]
  const usedNames = new Set<string>()
  const usedCodes = new Set<string>()
  let g = 0
  return {
    name: districtName,
    townships: townshipNames.map((township, t) => {
      const trng = rng.fork(`township/${t}`)
      const communityNames = distinctNames(trng, COMMUNITY_NAMES, gridsPerTownship)
      const grids: DemoGrid[] = []
      let c = 0
      while (grids.length < gridsPerTownship) {
        const suffix = township.endsWith('街道') || c === 0 ? '社区' : '村'
        const community = communityNames[c++]! + suffix
        const size = Math.min(trng.int(1, 4), gridsPerTownship - grids.length)
        for (let k = 1; k <= size; k++) {
          const gridName = `${community}第${chineseNumeral(k)}网格`
          const grng = rng.fork(`grid/${t}/${grids.length}`)
          const ctx = makeContext(
            grng,
            { grid: gridName, township, district: districtName },
            usedNames,
            usedCodes,
          )
          grids.push({
            name: gridName,
            community,
            rows: rowsFor(grng, ctx, counts[g++]!, withProblems),
          })
        }
      }
      return { name: township, grids }
    }),
  }
}
