// SPEC §2.4 汇总表 of 网格台账: every indicator checked against figures computed
// independently below (plain per-row loops that do not use the module under test) on a
// generated district of 24 grids and 5,200 organisations with rule breakers and
// unreadable cells; drill-down checked id by id; fast-check properties for "total =
// sum of the parts" and "splitting or merging units never changes the total".
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateDistrict, type DemoDistrict } from '../demo/organisations'
import { createRandom } from '../demo/random'
import { SIX_HAVE_COLUMNS } from '../templates/ledger'
import type { CellValue, Row } from '../templates/types'
import {
  LEDGER_INDICATORS,
  consolidateLedger,
  isLedgerIndicatorId,
  ledgerDrillDown,
  ledgerIndicators,
  mergeLedgerIndicators,
  type LedgerIndicators,
} from './ledgerIndicators'

// ---------------------------------------------------------------------------------
// The independent reference: SPEC §2.4 read literally, one row at a time.
// ---------------------------------------------------------------------------------

type Expected = { values: Record<string, unknown>; ids: Record<string, unknown> }

const COUNT_COLUMNS_OK = (v: CellValue | undefined): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0

/** Percent in tenths, half up, by long division on BigInt. */
function expectedPct(num: number, den: number): number | null {
  if (den === 0) return null
  const scaled = BigInt(num) * 1000n
  const q = scaled / BigInt(den)
  const rest = scaled - q * BigInt(den)
  return Number(rest * 2n >= BigInt(den) ? q + 1n : q) / 10
}

function reference(rows: Row[]): Expected {
  const ids: Record<string, string[]> = {}
  const list = (key: string): string[] => (ids[key] ??= [])
  let employees = 0
  let members = 0
  let probationary = 0
  const starIds: Record<string, string[]> = { '1': [], '2': [], '3': [], '4': [], '5': [] }
  for (const r of rows) {
    const id = r.id
    const economic = ['非公企业', '个体工商户', '专业市场'].includes(r.category as string)
    const social = r.category === '社会组织'
    const form = r.orgForm
    const built = form === '单独组建' || form === '联合组建' || form === '挂靠组建'
    const emp = COUNT_COLUMNS_OK(r.employees) ? r.employees : 0
    const mem = COUNT_COLUMNS_OK(r.members) ? r.members : 0
    const prob = COUNT_COLUMNS_OK(r.probationary) ? r.probationary : 0
    const hasMember = mem + prob > 0
    const instructor = typeof r.instructor === 'string' && r.instructor.trim().length > 0

    employees += emp
    members += mem
    probationary += prob
    if (emp > 0) list('employees').push(id)
    if (mem > 0) list('members').push(id)
    if (prob > 0) list('probationary').push(id)

    list('orgCount').push(id)
    if (economic) list('enterpriseCount').push(id)
    if (social) list('socialOrgCount').push(id)
    if (built) list('builtCount').push(id)
    if (form === '单独组建') list('singleCount').push(id)
    if (form === '联合组建') list('jointCount').push(id)
    if (form === '挂靠组建') list('attachedCount').push(id)
    if (form === '区域党支部覆盖') list('regionalCount').push(id)

    const rate = (key: string, inDen: boolean, inNum: boolean) => {
      list(`${key}.den`)
      list(`${key}.num`)
      if (!inDen) return
      list(`${key}.den`).push(id)
      if (inNum) list(`${key}.num`).push(id)
    }
    rate('orgCoverage', true, built)
    rate('workCoverage', true, built || form === '区域党支部覆盖' || instructor)
    rate('singleRate', mem >= 3, form === '单独组建')
    rate('over50WithMemberRate', economic && emp >= 50, hasMember)
    rate('over100BuiltRate', economic && emp >= 100, built)
    rate('social20WithMemberRate', social && emp >= 20, hasMember)
    rate('social50BuiltRate', social && emp >= 50, built)
    const allSix =
      r.hasSite === true &&
      r.hasFacilities === true &&
      r.hasSign === true &&
      r.hasFlag === true &&
      r.hasBooks === true &&
      r.hasRules === true
    rate('sixHaveRate', built, allSix)

    if (r.union === true) list('unionCount').push(id)
    if (r.youthLeague === true) list('youthLeagueCount').push(id)
    if (r.womenFed === true) list('womenFedCount').push(id)
    if (instructor) list('instructorCount').push(id)
    if (typeof r.stars === 'number' && [1, 2, 3, 4, 5].includes(r.stars)) {
      starIds[String(r.stars)]!.push(id)
    }
    const funds = r.partyFunds
    const payroll = r.payroll
    if (
      built &&
      typeof funds === 'number' &&
      typeof payroll === 'number' &&
      funds >= 0 &&
      payroll >= 0 &&
      // 0.5 % of the payroll, compared in 分 on BigInt.
      BigInt(Math.round(funds * 100)) * 1000n >= BigInt(Math.round(payroll * 100)) * 5n
    ) {
      list('fundsOkCount').push(id)
    }
  }
  const n = (key: string) => (ids[key] ?? []).length
  const rateOf = (key: string) => {
    const num = n(`${key}.num`)
    const den = n(`${key}.den`)
    return { num, den, pct: expectedPct(num, den) }
  }
  const values = {
    orgCount: n('orgCount'),
    enterpriseCount: n('enterpriseCount'),
    socialOrgCount: n('socialOrgCount'),
    employees,
    members,
    probationary,
    builtCount: n('builtCount'),
    singleCount: n('singleCount'),
    jointCount: n('jointCount'),
    attachedCount: n('attachedCount'),
    regionalCount: n('regionalCount'),
    orgCoverage: rateOf('orgCoverage'),
    workCoverage: rateOf('workCoverage'),
    singleRate: rateOf('singleRate'),
    over50WithMemberRate: rateOf('over50WithMemberRate'),
    over100BuiltRate: rateOf('over100BuiltRate'),
    social20WithMemberRate: rateOf('social20WithMemberRate'),
    social50BuiltRate: rateOf('social50BuiltRate'),
    sixHaveRate: rateOf('sixHaveRate'),
    unionCount: n('unionCount'),
    youthLeagueCount: n('youthLeagueCount'),
    womenFedCount: n('womenFedCount'),
    instructorCount: n('instructorCount'),
    stars: Object.fromEntries(Object.entries(starIds).map(([k, v]) => [k, v.length])),
    fundsOkCount: n('fundsOkCount'),
  }
  return { values, ids: { ...ids, stars: starIds } }
}

/** Sprinkles cells people (or a lenient importer) get wrong: text in numbers, 是 in yes/no … */
function roughenUp(rows: Row[], seed: number): Row[] {
  const rng = createRandom(seed)
  const bad: [string, CellValue][] = [
    ['employees', '约50人'],
    ['employees', -3],
    ['employees', 12.5],
    ['members', '3'],
    ['members', null],
    ['probationary', ''],
    ['hasSite', '是'],
    ['hasRules', 1],
    ['union', '有'],
    ['stars', '3'],
    ['stars', 6],
    ['stars', 0],
    ['instructor', '   '],
    ['instructor', 42],
    ['orgForm', '1+N'],
    ['orgForm', ' 单独组建'],
    ['category', 7],
    ['partyFunds', '5000'],
    ['payroll', -1],
    ['payroll', null],
  ]
  return rows.map((row) => {
    if (!rng.chance(0.06)) return row
    const [column, value] = rng.pick(bad)
    return { ...row, [column]: value }
  })
}

let district: DemoDistrict
let gridUnits: { unit: string; rows: Row[] }[]
let allRows: Row[]

beforeAll(() => {
  district = generateDistrict({
    seed: 'consolidation-test',
    townships: 4,
    gridsPerTownship: 6,
    totalOrgs: 5200,
    withProblems: true,
  })
  gridUnits = district.townships.flatMap((t, i) =>
    t.grids.map((g) => ({
      unit: `${t.name}${g.name}`,
      rows: roughenUp(g.rows, i * 100 + g.rows.length),
    })),
  )
  allRows = gridUnits.flatMap((u) => u.rows)
})

describe('consolidateLedger on a generated district (≥ 20 grids, ≥ 5,000 rows)', () => {
  it('has the size the SPEC asks the test to use', () => {
    expect(gridUnits.length).toBeGreaterThanOrEqual(20)
    expect(allRows.length).toBeGreaterThanOrEqual(5000)
  })

  it('matches the independent figures for every grid and for the total', () => {
    const result = consolidateLedger(gridUnits)
    expect(result.units.map((u) => u.unit)).toEqual(gridUnits.map((u) => u.unit))
    gridUnits.forEach((unit, i) => {
      expect(result.units[i]).toEqual({ unit: unit.unit, ...reference(unit.rows).values })
    })
    expect(result.total).toEqual(reference(allRows).values)
  })

  it('gives townships the same total as their grids', () => {
    const townships = district.townships.map((t, i) => ({
      unit: t.name,
      rows: gridUnits.slice(i * 6, i * 6 + 6).flatMap((u) => u.rows),
    }))
    expect(consolidateLedger(townships).total).toEqual(consolidateLedger(gridUnits).total)
  })

  it('has the exact JSON shape of SPEC §6.1/§6.2 and survives JSON', () => {
    const result = consolidateLedger(gridUnits.slice(0, 2))
    const ids = [
      'orgCount', 'enterpriseCount', 'socialOrgCount', 'employees', 'members', 'probationary',
      'builtCount', 'singleCount', 'jointCount', 'attachedCount', 'regionalCount', 'orgCoverage',
      'workCoverage', 'singleRate', 'over50WithMemberRate', 'over100BuiltRate',
      'social20WithMemberRate', 'social50BuiltRate', 'sixHaveRate', 'unionCount',
      'youthLeagueCount', 'womenFedCount', 'instructorCount', 'stars', 'fundsOkCount',
    ] // prettier-ignore
    expect(Object.keys(result)).toEqual(['units', 'total'])
    expect(Object.keys(result.total)).toEqual(ids)
    expect(Object.keys(result.units[0]!)).toEqual(['unit', ...ids])
    expect(Object.keys(result.total.stars)).toEqual(['1', '2', '3', '4', '5'])
    expect(Object.keys(result.total.orgCoverage)).toEqual(['num', 'den', 'pct'])
    expect(LEDGER_INDICATORS.map((d) => d.id)).toEqual(ids)
    expect(JSON.parse(JSON.stringify(result))).toEqual(result)
  })

  it('drill-down lists exactly the rows each indicator counts', () => {
    const check = (rows: Row[]) => {
      const { values, ids } = reference(rows)
      const byId = new Map(rows.map((r) => [r.id, r]))
      for (const def of LEDGER_INDICATORS) {
        const value = values[def.id]
        if (def.kind === 'rate') {
          const dd = ledgerDrillDown(rows, def.id)
          expect(dd.num, def.id).toEqual(ids[`${def.id}.num`])
          expect(dd.den, def.id).toEqual(ids[`${def.id}.den`])
          expect(dd.num.length).toBe((value as { num: number }).num)
          expect(dd.den.length).toBe((value as { den: number }).den)
        } else if (def.kind === 'distribution') {
          const dd = ledgerDrillDown(rows, 'stars')
          expect(dd.byStar).toEqual(ids.stars)
          for (const star of [1, 2, 3, 4, 5]) {
            const one = ledgerDrillDown(rows, 'stars', { star })
            expect(one.rowIds.length).toBe((value as Record<string, number>)[String(star)])
          }
        } else if (def.kind === 'sum') {
          const dd = ledgerDrillDown(rows, def.id)
          expect(dd.rowIds, def.id).toEqual(ids[def.id] ?? [])
          const sum = dd.rowIds.reduce((s, id) => s + (byId.get(id)![def.id] as number), 0)
          expect(sum).toBe(value)
        } else {
          const dd = ledgerDrillDown(rows, def.id)
          expect(dd.rowIds, def.id).toEqual(ids[def.id] ?? [])
          expect(dd.rowIds.length).toBe(value)
        }
      }
    }
    check(gridUnits[0]!.rows)
    check(gridUnits[7]!.rows)
    check(allRows)
  })

  it('consolidates a 10,000-row district (speed is measured in bench/consolidate)', () => {
    const big = generateDistrict({
      seed: 'perf',
      townships: 6,
      gridsPerTownship: 21,
      totalOrgs: 10_000,
    })
    const units = big.townships.map((t) => ({ unit: t.name, rows: t.grids.flatMap((g) => g.rows) }))
    expect(consolidateLedger(units).total.orgCount).toBe(10_000)
  })
})

describe('cells that are empty or of the wrong type count as empty', () => {
  const blank: Row = { id: 'blank' }

  it('an empty row is one organisation and nothing else', () => {
    const ind = ledgerIndicators([blank])
    expect(ind.orgCount).toBe(1)
    expect(ind.employees + ind.members + ind.builtCount + ind.instructorCount).toBe(0)
    expect(ind.orgCoverage).toEqual({ num: 0, den: 1, pct: 0 })
    expect(ind.singleRate).toEqual({ num: 0, den: 0, pct: null })
    expect(ind.stars).toEqual({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 })
  })

  it('text in counts adds 0, 是 in a yes/no cell is no, "3" is no star', () => {
    const row: Row = {
      id: 'r',
      category: '非公企业',
      employees: '120人',
      members: '5',
      probationary: 1,
      orgForm: '单独组建',
      union: '是',
      hasSite: true,
      hasFacilities: true,
      hasSign: true,
      hasFlag: true,
      hasBooks: true,
      hasRules: '有',
      stars: '3',
      partyFunds: 1000,
      payroll: '200000',
    }
    const ind = ledgerIndicators([row])
    expect(ind.employees).toBe(0)
    expect(ind.members).toBe(0)
    expect(ind.probationary).toBe(1)
    expect(ind.over100BuiltRate.den).toBe(0) // 120人 is unreadable, so not ≥ 100
    expect(ind.singleRate.den).toBe(0) // members unreadable, so not ≥ 3
    expect(ind.singleCount).toBe(1)
    expect(ind.unionCount).toBe(0)
    expect(ind.sixHaveRate).toEqual({ num: 0, den: 1, pct: 0 })
    expect(ind.stars['3']).toBe(0)
    expect(ind.fundsOkCount).toBe(0) // payroll unreadable
  })

  it('sixHave needs every column of SIX_HAVE_COLUMNS', () => {
    const full: Row = { id: 'f', orgForm: '联合组建' }
    for (const c of SIX_HAVE_COLUMNS) full[c] = true
    expect(ledgerIndicators([full]).sixHaveRate.num).toBe(1)
    for (const c of SIX_HAVE_COLUMNS) {
      expect(ledgerIndicators([{ ...full, [c]: null }]).sixHaveRate.num, c).toBe(0)
    }
  })

  it('经费达标 compares exactly at 0.5 % and needs both cells and a built 党组织', () => {
    const base: Row = { id: 'm', orgForm: '挂靠组建', payroll: 200_000.02 }
    expect(ledgerIndicators([{ ...base, partyFunds: 1000.01 }]).fundsOkCount).toBe(1)
    expect(ledgerIndicators([{ ...base, partyFunds: 1000 }]).fundsOkCount).toBe(0)
    // Exactly 0.5 % is enough ("不少于").
    expect(ledgerIndicators([{ ...base, payroll: 200_000, partyFunds: 1000 }]).fundsOkCount).toBe(1)
    expect(ledgerIndicators([{ ...base, payroll: 2, partyFunds: 0.01 }]).fundsOkCount).toBe(1)
    expect(ledgerIndicators([{ ...base, partyFunds: null }]).fundsOkCount).toBe(0)
    expect(
      ledgerIndicators([{ ...base, orgForm: '区域党支部覆盖', partyFunds: 5000 }]).fundsOkCount,
    ).toBe(0)
  })

  it('a rate numerator only counts rows of its denominator', () => {
    // 单独组建 with 2 members (a rule breaker) is in singleCount but not in singleRate.
    const ind = ledgerIndicators([
      { id: 'a', members: 2, orgForm: '单独组建' },
      { id: 'b', members: 4, orgForm: '联合组建' },
    ])
    expect(ind.singleCount).toBe(1)
    expect(ind.singleRate).toEqual({ num: 0, den: 1, pct: 0 })
  })

  it('soft-deleted rows are left out unless asked for', () => {
    const rows: Row[] = [
      { id: 'a', orgForm: '单独组建' },
      { id: 'b', orgForm: '单独组建', _deleted: true },
    ]
    expect(ledgerIndicators(rows).singleCount).toBe(1)
    expect(ledgerIndicators(rows, { includeDeleted: true }).singleCount).toBe(2)
    expect(ledgerDrillDown(rows, 'singleCount').rowIds).toEqual(['a'])
  })

  it('drill-down refuses unknown indicators and star levels in Chinese', () => {
    expect(() => ledgerDrillDown([blank], 'nope')).toThrow('未知的汇总指标')
    expect(() => ledgerDrillDown([blank], 'stars', { star: 6 })).toThrow('星级')
    expect(isLedgerIndicatorId('sixHaveRate')).toBe(true)
    expect(isLedgerIndicatorId('toString')).toBe(false)
  })
})

// ---------------------------------------------------------------------------------
// Properties over arbitrary rows.
// ---------------------------------------------------------------------------------

const cell = fc.oneof(
  fc.constant(null),
  fc.constantFrom(
    '',
    ' ',
    '是',
    '不详',
    '单独组建',
    '联合组建',
    '挂靠组建',
    '区域党支部覆盖',
    '未建立',
  ),
  fc.constantFrom('非公企业', '社会组织', '个体工商户', '专业市场', '张三'),
  fc.integer({ min: -2, max: 160 }),
  fc.double({ min: -1, max: 1e6, noNaN: true }),
  fc.boolean(),
)
const COLUMNS = [
  'category', 'employees', 'members', 'probationary', 'orgForm', 'instructor', 'union',
  'youthLeague', 'womenFed', ...SIX_HAVE_COLUMNS, 'stars', 'partyFunds', 'payroll',
] // prettier-ignore
const rowArb = fc.record(
  Object.fromEntries(COLUMNS.map((c) => [c, cell])) as Record<string, typeof cell>,
  {
    requiredKeys: [],
  },
)
const rowsArb = fc
  .array(rowArb, { maxLength: 60 })
  .map((cells) => cells.map((c, i): Row => ({ ...(c as Record<string, CellValue>), id: `r${i}` })))

function sumOfParts(parts: LedgerIndicators[]) {
  const sums: Record<string, number> = {}
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key === 'unit') continue
      if (typeof value === 'number') sums[key] = (sums[key] ?? 0) + value
      else if (key === 'stars') {
        for (const [s, n] of Object.entries(value as Record<string, number>))
          sums[`stars.${s}`] = (sums[`stars.${s}`] ?? 0) + n
      } else {
        sums[`${key}.num`] = (sums[`${key}.num`] ?? 0) + value.num
        sums[`${key}.den`] = (sums[`${key}.den`] ?? 0) + value.den
      }
    }
  }
  return sums
}

describe('properties (fast-check)', () => {
  it('the total is the sum of the parts for every count and every rate num/den', () => {
    fc.assert(
      fc.property(fc.array(rowsArb, { minLength: 1, maxLength: 5 }), (parts) => {
        const result = consolidateLedger(parts.map((rows, i) => ({ unit: `u${i}`, rows })))
        const expected = sumOfParts(result.units)
        const actual = sumOfParts([result.total])
        expect(actual).toEqual(expected)
        for (const def of LEDGER_INDICATORS) {
          if (def.kind !== 'rate') continue
          const { num, den, pct } = result.total[def.id]
          expect(num).toBeLessThanOrEqual(den)
          expect(pct).toBe(expectedPct(num, den))
        }
      }),
      { numRuns: 200 },
    )
  })

  it('splitting or merging units never changes the total', () => {
    fc.assert(
      fc.property(rowsArb, fc.array(fc.nat(3)), (rows, cuts) => {
        const whole = consolidateLedger([{ unit: 'all', rows }]).total
        // Assign rows to up to four units by the cut list (cycled), in any grouping.
        const parts: Row[][] = [[], [], [], []]
        rows.forEach((row, i) => parts[cuts.length ? cuts[i % cuts.length]! : 0]!.push(row))
        const split = consolidateLedger(parts.map((p, i) => ({ unit: `p${i}`, rows: p })))
        expect(split.total).toEqual(whole)
        expect(mergeLedgerIndicators(split.units)).toEqual(whole)
        expect(ledgerIndicators(rows)).toEqual(whole)
        expect(whole).toEqual(reference(rows).values)
      }),
      { numRuns: 200 },
    )
  })

  it('drill-down agrees with every count on arbitrary rows', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const ind = ledgerIndicators(rows)
        for (const def of LEDGER_INDICATORS) {
          if (def.kind === 'count')
            expect(ledgerDrillDown(rows, def.id).rowIds.length).toBe(ind[def.id])
          if (def.kind === 'rate') {
            const dd = ledgerDrillDown(rows, def.id)
            expect([dd.num.length, dd.den.length]).toEqual([ind[def.id].num, ind[def.id].den])
            expect(dd.num.every((id) => dd.den.includes(id))).toBe(true)
          }
        }
      }),
      { numRuns: 100 },
    )
  })
})
