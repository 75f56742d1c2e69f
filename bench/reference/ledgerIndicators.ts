/**
 * @module consolidate/ledgerIndicators
 * 汇总表 of 网格台账 (SPEC §2.4): from each child unit's ledger rows, one row of
 * indicators (ids of SPEC §6.1) per unit plus a total. Counts are summed; the total's
 * rates are recomputed from the summed numerators and denominators, never averaged.
 * Every number can list the row ids it counts (`ledgerDrillDown`).
 *
 * Design: each row is read ONCE into `RowFacts` (stored values only: a cell of the
 * wrong type counts as empty, an empty count adds 0, an empty yes/no is no): a bit
 * set plus three counts. Every indicator is data over those facts (`LEDGER_INDICATORS`:
 * a count is "any of these bits", a rate "all of these bits" / "and any of those").
 * Consolidation and drill-down run the same definitions, so they cannot disagree, and
 * a rate's numerator is only tested on rows already in its denominator.
 * Not for: reading typed cell text (see `parse/`), findings (see `rules/`).
 *
 * FROZEN REFERENCE (bench/consolidate): a copy of the hand-written code the template
 * language replaced (schema at commit 0d0c316), kept unchanged so the benchmark can time
 * the data-defined built-ins against it in the same run (after checking that both give
 * the same findings and figures). Not used by the product; do not edit.
 */
import { makeRate, type CellValue, type Rate, type Row } from '@taizhang/schema'
import { BUILT_FORMS, NEW_ECONOMIC, NEW_SOCIAL } from './ledgerSets'

/** 星级分布: how many organisations have each star level. */
export interface StarCounts {
  '1': number
  '2': number
  '3': number
  '4': number
  '5': number
}
export type StarKey = keyof StarCounts
export const STAR_KEYS: readonly StarKey[] = ['1', '2', '3', '4', '5']

/** The indicators of one unit (or the total), keys in SPEC §6.1 order. */
export interface LedgerIndicators {
  orgCount: number
  enterpriseCount: number
  socialOrgCount: number
  employees: number
  members: number
  probationary: number
  builtCount: number
  singleCount: number
  jointCount: number
  attachedCount: number
  regionalCount: number
  orgCoverage: Rate
  workCoverage: Rate
  singleRate: Rate
  over50WithMemberRate: Rate
  over100BuiltRate: Rate
  social20WithMemberRate: Rate
  social50BuiltRate: Rate
  sixHaveRate: Rate
  unionCount: number
  youthLeagueCount: number
  womenFedCount: number
  instructorCount: number
  stars: StarCounts
  fundsOkCount: number
}
export type LedgerUnitIndicators = { unit: string } & LedgerIndicators
/** The JSON of `taizhang consolidate --json` and of the consolidation API (SPEC §6.2). */
export interface LedgerConsolidation {
  units: LedgerUnitIndicators[]
  total: LedgerIndicators
}

export type LedgerIndicatorId = keyof LedgerIndicators
/** Indicators that are counts of rows or sums of a count column. */
export type LedgerCountId = {
  [K in LedgerIndicatorId]: LedgerIndicators[K] extends number ? K : never
}[LedgerIndicatorId]
export type LedgerRateId = {
  [K in LedgerIndicatorId]: LedgerIndicators[K] extends Rate ? K : never
}[LedgerIndicatorId]

export interface LedgerConsolidateOptions {
  /** Count rows marked `_deleted` too (default false: a soft-deleted row is not counted). */
  includeDeleted?: boolean
}

/**
 * What consolidation needs to know about one row, read once from its stored cells:
 * yes/no facts as bits of one integer, plus the three summed counts and the star.
 * Plain integers and no allocation per row keep 10,000 rows at a few milliseconds.
 */
export interface RowFacts {
  /** `F_*` bits. */
  flags: number
  employees: number
  members: number
  probationary: number
  /** 1–5, or 0 for no (or an unreadable) 星级. */
  star: number
}

/** 新经济组织 (非公企业, 个体工商户, 专业市场). */
export const F_ENTERPRISE = 1 << 0
/** 新社会组织 (社会组织). */
export const F_SOCIAL = 1 << 1
/** 已建党组织: 单独组建, 联合组建 or 挂靠组建. */
export const F_BUILT = 1 << 2
export const F_SINGLE = 1 << 3
export const F_JOINT = 1 << 4
export const F_ATTACHED = 1 << 5
export const F_REGIONAL = 1 << 6
/** 党建指导员 named. */
export const F_INSTRUCTOR = 1 << 7
/** All six 六有 cells yes. */
export const F_SIX_HAVE = 1 << 8
export const F_UNION = 1 << 9
export const F_YOUTH_LEAGUE = 1 << 10
export const F_WOMEN_FED = 1 << 11
/** 已建党组织 with 经费 ≥ 0.5% × 工资总额, both filled. */
export const F_FUNDS_OK = 1 << 12
/** Has a member: 正式党员数 + 预备党员数 ≥ 1. */
export const F_HAS_MEMBER = 1 << 13
/** 正式党员数 ≥ 3. */
export const F_MEMBERS_3 = 1 << 14
export const F_EMPLOYEES_20 = 1 << 15
export const F_EMPLOYEES_50 = 1 << 16
export const F_EMPLOYEES_100 = 1 << 17

/** A count cell: a whole number ≥ 0; anything else (text, negative, fractional) is empty. */
function countOf(v: CellValue | undefined): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0
}

/** A money cell in 分 (exact comparison), or -1 when empty or not a number ≥ 0. */
function fenOf(v: CellValue | undefined): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v * 100) : -1
}

const filled = (v: CellValue | undefined): boolean => typeof v === 'string' && v.trim() !== ''

const FORM_FLAGS: Record<string, number> = {
  单独组建: F_SINGLE | F_BUILT,
  联合组建: F_JOINT | F_BUILT,
  挂靠组建: F_ATTACHED | F_BUILT,
  区域党支部覆盖: F_REGIONAL,
}
for (const form of BUILT_FORMS) {
  if (!(form in FORM_FLAGS)) throw new Error(`BUILT_FORMS has ${form}, unknown to consolidation`)
}

/** Reads the stored cells of a ledger row into the facts every indicator is defined on. */
export function ledgerRowFacts(row: Row, out: RowFacts = emptyFacts()): RowFacts {
  let flags = 0
  const category = row.category
  if (typeof category === 'string') {
    if (NEW_ECONOMIC.has(category)) flags |= F_ENTERPRISE
    else if (NEW_SOCIAL.has(category)) flags |= F_SOCIAL
  }
  const form = row.orgForm
  if (typeof form === 'string' && Object.hasOwn(FORM_FLAGS, form)) flags |= FORM_FLAGS[form]!
  const employees = countOf(row.employees)
  const members = countOf(row.members)
  const probationary = countOf(row.probationary)
  if (members + probationary >= 1) flags |= F_HAS_MEMBER
  if (members >= 3) flags |= F_MEMBERS_3
  if (employees >= 20) flags |= F_EMPLOYEES_20
  if (employees >= 50) flags |= F_EMPLOYEES_50
  if (employees >= 100) flags |= F_EMPLOYEES_100
  if (filled(row.instructor)) flags |= F_INSTRUCTOR
  // Named reads of the six SIX_HAVE_COLUMNS (a test keeps the two lists equal).
  if (
    row.hasSite === true &&
    row.hasFacilities === true &&
    row.hasSign === true &&
    row.hasFlag === true &&
    row.hasBooks === true &&
    row.hasRules === true
  ) {
    flags |= F_SIX_HAVE
  }
  if (row.union === true) flags |= F_UNION
  if (row.youthLeague === true) flags |= F_YOUTH_LEAGUE
  if (row.womenFed === true) flags |= F_WOMEN_FED
  if (flags & F_BUILT) {
    // 经费 ≥ 0.5% × 工资总额, i.e. 200 × 经费 ≥ 工资总额, in whole 分 so it is exact.
    const funds = fenOf(row.partyFunds)
    const payroll = fenOf(row.payroll)
    if (funds >= 0 && payroll >= 0 && funds * 200 >= payroll) flags |= F_FUNDS_OK
  }
  const stars = row.stars
  out.flags = flags
  out.employees = employees
  out.members = members
  out.probationary = probationary
  out.star =
    typeof stars === 'number' && Number.isInteger(stars) && stars >= 1 && stars <= 5 ? stars : 0
  return out
}

const emptyFacts = (): RowFacts => ({
  flags: 0,
  employees: 0,
  members: 0,
  probationary: 0,
  star: 0,
})

/** A row count: rows having ANY of `any` bits (`any` = 0: every row). */
type CountDef = { id: LedgerCountId; label: string; kind: 'count'; any: number }
/** A sum of one count column over all rows. */
type SumDef = {
  id: LedgerCountId
  label: string
  kind: 'sum'
  column: 'employees' | 'members' | 'probationary'
}
/** den = rows having ALL `den` bits; num = rows of den having ANY of `num` bits. */
type RateDef = { id: LedgerRateId; label: string; kind: 'rate'; den: number; num: number }
type StarsDef = { id: 'stars'; label: string; kind: 'stars' }
export type LedgerIndicatorDef = CountDef | SumDef | RateDef | StarsDef

/**
 * Every indicator with its Chinese label (for 汇总表 headers and exports) and its
 * definition over the row's facts, in SPEC §6.1 order.
 */
export const LEDGER_INDICATORS: readonly LedgerIndicatorDef[] = [
  { id: 'orgCount', label: '组织总数', kind: 'count', any: 0 },
  { id: 'enterpriseCount', label: '新经济组织数', kind: 'count', any: F_ENTERPRISE },
  { id: 'socialOrgCount', label: '新社会组织数', kind: 'count', any: F_SOCIAL },
  { id: 'employees', label: '从业人员数', kind: 'sum', column: 'employees' },
  { id: 'members', label: '正式党员数', kind: 'sum', column: 'members' },
  { id: 'probationary', label: '预备党员数', kind: 'sum', column: 'probationary' },
  { id: 'builtCount', label: '已建党组织数', kind: 'count', any: F_BUILT },
  { id: 'singleCount', label: '单独组建数', kind: 'count', any: F_SINGLE },
  { id: 'jointCount', label: '联合组建数', kind: 'count', any: F_JOINT },
  { id: 'attachedCount', label: '挂靠组建数', kind: 'count', any: F_ATTACHED },
  { id: 'regionalCount', label: '区域党支部覆盖数', kind: 'count', any: F_REGIONAL },
  { id: 'orgCoverage', label: '党的组织覆盖率', kind: 'rate', den: 0, num: F_BUILT },
  {
    id: 'workCoverage',
    label: '党的工作覆盖率',
    kind: 'rate',
    den: 0,
    num: F_BUILT | F_REGIONAL | F_INSTRUCTOR,
  },
  { id: 'singleRate', label: '单独组建率', kind: 'rate', den: F_MEMBERS_3, num: F_SINGLE },
  {
    id: 'over50WithMemberRate',
    label: '50人以上有党员率',
    kind: 'rate',
    den: F_ENTERPRISE | F_EMPLOYEES_50,
    num: F_HAS_MEMBER,
  },
  {
    id: 'over100BuiltRate',
    label: '100人以上建党组织率',
    kind: 'rate',
    den: F_ENTERPRISE | F_EMPLOYEES_100,
    num: F_BUILT,
  },
  {
    id: 'social20WithMemberRate',
    label: '社会组织20人以上有党员率',
    kind: 'rate',
    den: F_SOCIAL | F_EMPLOYEES_20,
    num: F_HAS_MEMBER,
  },
  {
    id: 'social50BuiltRate',
    label: '社会组织50人以上建党组织率',
    kind: 'rate',
    den: F_SOCIAL | F_EMPLOYEES_50,
    num: F_BUILT,
  },
  { id: 'sixHaveRate', label: '六有达标率', kind: 'rate', den: F_BUILT, num: F_SIX_HAVE },
  { id: 'unionCount', label: '工会数', kind: 'count', any: F_UNION },
  { id: 'youthLeagueCount', label: '共青团数', kind: 'count', any: F_YOUTH_LEAGUE },
  { id: 'womenFedCount', label: '妇联数', kind: 'count', any: F_WOMEN_FED },
  { id: 'instructorCount', label: '党建指导员数', kind: 'count', any: F_INSTRUCTOR },
  { id: 'stars', label: '星级分布', kind: 'stars' },
  { id: 'fundsOkCount', label: '经费达标数', kind: 'count', any: F_FUNDS_OK },
]

const countHits = (def: CountDef, flags: number): boolean =>
  def.any === 0 || (flags & def.any) !== 0
const inDen = (def: RateDef, flags: number): boolean => (flags & def.den) === def.den
const inNum = (def: RateDef, flags: number): boolean => inDen(def, flags) && (flags & def.num) !== 0

const DEFS_BY_ID = new Map<string, LedgerIndicatorDef>(LEDGER_INDICATORS.map((d) => [d.id, d]))

/** True when `id` is one of the indicator ids of SPEC §6.1. */
export function isLedgerIndicatorId(id: string): id is LedgerIndicatorId {
  return DEFS_BY_ID.has(id)
}

/** Running figures of one unit: rows by fact bits, the three sums, stars, merged parts. */
class Accumulator {
  /** Figures merged in from already consolidated parts. */
  readonly values: Float64Array = new Float64Array(LEDGER_INDICATORS.length * 2)
  readonly stars = [0, 0, 0, 0, 0]
  /**
   * Rows added one by one, grouped by their fact bits: a unit has a few hundred
   * distinct combinations at most, so the per-row cost is one map update and the
   * indicator definitions run once per combination, not once per row.
   */
  readonly byFlags = new Map<number, number>()
  readonly sums = { employees: 0, members: 0, probationary: 0 }

  add(f: RowFacts): void {
    this.byFlags.set(f.flags, (this.byFlags.get(f.flags) ?? 0) + 1)
    this.sums.employees += f.employees
    this.sums.members += f.members
    this.sums.probationary += f.probationary
    if (f.star !== 0) this.stars[f.star - 1]! += 1
  }

  addIndicators(ind: LedgerIndicators): void {
    const v = this.values
    for (let i = 0; i < LEDGER_INDICATORS.length; i++) {
      const def = LEDGER_INDICATORS[i]!
      if (def.kind === 'count' || def.kind === 'sum') v[2 * i]! += ind[def.id]
      else if (def.kind === 'rate') {
        v[2 * i]! += ind[def.id].num
        v[2 * i + 1]! += ind[def.id].den
      } else STAR_KEYS.forEach((k, s) => (this.stars[s]! += ind.stars[k]))
    }
  }

  result(): LedgerIndicators {
    const v = Float64Array.from(this.values)
    for (let i = 0; i < LEDGER_INDICATORS.length; i++) {
      const def = LEDGER_INDICATORS[i]!
      if (def.kind === 'sum') v[2 * i]! += this.sums[def.column]
      else if (def.kind === 'count') {
        for (const [flags, n] of this.byFlags) if (countHits(def, flags)) v[2 * i]! += n
      } else if (def.kind === 'rate') {
        for (const [flags, n] of this.byFlags) {
          if (!inDen(def, flags)) continue
          v[2 * i + 1]! += n
          if ((flags & def.num) !== 0) v[2 * i]! += n
        }
      }
    }
    const out: Record<string, unknown> = {}
    for (let i = 0; i < LEDGER_INDICATORS.length; i++) {
      const def = LEDGER_INDICATORS[i]!
      if (def.kind === 'rate') out[def.id] = makeRate(v[2 * i]!, v[2 * i + 1]!)
      else if (def.kind === 'stars') {
        const stars = {} as StarCounts
        STAR_KEYS.forEach((k, s) => (stars[k] = this.stars[s]!))
        out[def.id] = stars
      } else out[def.id] = v[2 * i]!
    }
    return out as unknown as LedgerIndicators
  }
}

const counted = (row: Row, includeDeleted: boolean): boolean =>
  includeDeleted || row._deleted !== true

/** The indicators of one set of rows (one unit). */
export function ledgerIndicators(
  rows: readonly Row[],
  { includeDeleted = false }: LedgerConsolidateOptions = {},
): LedgerIndicators {
  const acc = new Accumulator()
  const facts = emptyFacts()
  for (const row of rows) if (counted(row, includeDeleted)) acc.add(ledgerRowFacts(row, facts))
  return acc.result()
}

/**
 * Sums indicators of disjoint parts: counts added, rates recomputed from the summed
 * num/den. Rolling township totals up to a district gives the same figures as
 * consolidating all their rows at once.
 */
export function mergeLedgerIndicators(parts: readonly LedgerIndicators[]): LedgerIndicators {
  const acc = new Accumulator()
  for (const part of parts) acc.addIndicators(part)
  return acc.result()
}

/** 汇总表: one entry per child unit (in the order given) plus the total (SPEC §6.2 JSON). */
export function consolidateLedger(
  units: readonly { unit: string; rows: readonly Row[] }[],
  opts: LedgerConsolidateOptions = {},
): LedgerConsolidation {
  const perUnit = units.map(({ unit, rows }) => ({ unit, ...ledgerIndicators(rows, opts) }))
  return { units: perUnit, total: mergeLedgerIndicators(perUnit) }
}

export interface DrillDownOptions extends LedgerConsolidateOptions {
  /** For `stars`: list only the organisations with this star level. */
  star?: number | StarKey
}
/** The row ids an indicator counts. For sums (employees …) the rows whose value is > 0. */
export type LedgerDrillDown =
  { rowIds: string[] } | { num: string[]; den: string[] } | { byStar: Record<StarKey, string[]> }

/**
 * Drill-down (SPEC §2.4 "every number links back to the rows it counts"): the ids of
 * the rows behind one indicator, from the same definitions consolidation uses. Throws
 * a RangeError (Chinese message) for an unknown indicator id or star level.
 */
export function ledgerDrillDown(
  rows: readonly Row[],
  indicatorId: LedgerCountId,
  opts?: DrillDownOptions,
): { rowIds: string[] }
export function ledgerDrillDown(
  rows: readonly Row[],
  indicatorId: LedgerRateId,
  opts?: DrillDownOptions,
): { num: string[]; den: string[] }
export function ledgerDrillDown(
  rows: readonly Row[],
  indicatorId: 'stars',
  opts: DrillDownOptions & { star: number | StarKey },
): { rowIds: string[] }
export function ledgerDrillDown(
  rows: readonly Row[],
  indicatorId: 'stars',
  opts?: DrillDownOptions,
): { byStar: Record<StarKey, string[]> }
export function ledgerDrillDown(
  rows: readonly Row[],
  indicatorId: LedgerIndicatorId | string,
  opts?: DrillDownOptions,
): LedgerDrillDown
export function ledgerDrillDown(
  rows: readonly Row[],
  indicatorId: string,
  { includeDeleted = false, star }: DrillDownOptions = {},
): LedgerDrillDown {
  const def = DEFS_BY_ID.get(indicatorId)
  if (!def) throw new RangeError(`未知的汇总指标：${indicatorId}`)
  let only: StarKey | null = null
  if (star !== undefined) {
    const key = String(star)
    if (!(STAR_KEYS as readonly string[]).includes(key)) {
      throw new RangeError(`星级应为 1–5：${key}`)
    }
    only = key as StarKey
  }
  const ids: string[] = []
  const den: string[] = []
  const byStar: Record<StarKey, string[]> = { '1': [], '2': [], '3': [], '4': [], '5': [] }
  const f = emptyFacts()
  for (const row of rows) {
    if (!counted(row, includeDeleted)) continue
    ledgerRowFacts(row, f)
    switch (def.kind) {
      case 'count':
        if (countHits(def, f.flags)) ids.push(row.id)
        break
      case 'sum':
        if (f[def.column] > 0) ids.push(row.id)
        break
      case 'rate':
        if (inDen(def, f.flags)) {
          den.push(row.id)
          if (inNum(def, f.flags)) ids.push(row.id)
        }
        break
      case 'stars':
        if (f.star !== 0) byStar[String(f.star) as StarKey].push(row.id)
        break
    }
  }
  if (def.kind === 'rate') return { num: ids, den }
  if (def.kind === 'stars') return only === null ? { byStar } : { rowIds: byStar[only] }
  return { rowIds: ids }
}
