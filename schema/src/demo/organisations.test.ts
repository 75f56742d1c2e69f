// Demo data: seeded and stable, realistic (most organisations small, some 50+, some
// 100+, party members sparse, valid 统一社会信用代码), clean rows pass every `error`
// rule and the data-entry warnings, and `withProblems` really produces rule breakers.
// The checks use the real validator (validate/SheetValidator), so demo sheets behave in
// the product as these tests say.
import { describe, expect, it } from 'vitest'
import { isValidCreditCode, normalizeCreditCode } from '../rules/creditCode'
import { ledgerTemplate } from '../templates/ledger'
import { scoringTemplate } from '../templates/scoring'
import type { Row } from '../templates/types'
import { validateSheet } from '../validate/SheetValidator'
import { chineseNumeral, generateDistrict, generateLedgerRows } from './organisations'
import { createRandom } from './random'
import { generateScoringRows } from './scoringRows'

const TODAY = '2026-11-22'
const count = (rows: Row[], test: (r: Row) => boolean) => rows.filter(test).length

describe('createRandom', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = createRandom(42)
    const b = createRandom(42)
    const c = createRandom('42x')
    const seqA = Array.from({ length: 5 }, () => a.next())
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA)
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA)
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true)
  })

  it('int, pick, weighted, sample and fork stay in range and are stable', () => {
    const r = createRandom('helpers')
    for (let i = 0; i < 500; i++) {
      const n = r.int(3, 5)
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true)
    }
    expect(r.weighted([['only', 1], ['never', 0]])).toBe('only') // prettier-ignore
    const picked = r.sample([1, 2, 3, 4, 5], 3)
    expect(new Set(picked).size).toBe(3)
    expect(r.sample([1, 2], 5)).toHaveLength(2)
    expect(createRandom(1).fork('x').id()).toBe(createRandom(1).fork('x').id())
    expect(createRandom(1).fork('x').id()).not.toBe(createRandom(1).fork('y').id())
    const counts = { a: 0, b: 0 }
    for (let i = 0; i < 2000; i++) counts[r.weighted([['a', 3], ['b', 1]] as const)]++ // prettier-ignore
    expect(counts.a / 2000).toBeGreaterThan(0.68)
    expect(counts.a / 2000).toBeLessThan(0.82)
  })

  it('writes Chinese ordinals for grids', () => {
    expect([1, 3, 10, 12, 20, 31].map(chineseNumeral)).toEqual([
      '一', '三', '十', '十二', '二十', '三十一',
    ]) // prettier-ignore
  })
})

describe('generateLedgerRows', () => {
  const rows = generateLedgerRows({ seed: 11, count: 3000, grid: '幸福社区第三网格' })

  it('is stable per seed: same rows and ids, other seeds differ', () => {
    const again = generateLedgerRows({ seed: 11, count: 3000, grid: '幸福社区第三网格' })
    expect(again).toEqual(rows)
    const other = generateLedgerRows({ seed: 12, count: 50, grid: '幸福社区第三网格' })
    expect(other.map((r) => r.id)).not.toEqual(rows.slice(0, 50).map((r) => r.id))
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length)
  })

  it('has every ledger column and only stored value types', () => {
    const ids = ledgerTemplate.columns.map((c) => c.id)
    for (const row of rows.slice(0, 200)) {
      expect(Object.keys(row)).toEqual(['id', ...ids])
      for (const v of Object.values(row)) {
        expect(v === null || ['string', 'number', 'boolean'].includes(typeof v)).toBe(true)
      }
    }
  })

  it('looks like a real grid: names, categories, industries, phones', () => {
    expect(count(rows, (r) => /有限(责任)?公司$/.test(r.name as string))).toBeGreaterThan(1000)
    expect(count(rows, (r) => /商会$/.test(r.name as string))).toBeGreaterThan(0)
    expect(count(rows, (r) => /协会$/.test(r.name as string))).toBeGreaterThan(0)
    expect(count(rows, (r) => /社会工作服务中心$/.test(r.name as string))).toBeGreaterThan(0)
    expect(count(rows, (r) => /(市场|城)$/.test(r.name as string))).toBeGreaterThan(0)
    expect(count(rows, (r) => /(店|部|馆|超市)$/.test(r.name as string))).toBeGreaterThan(0)
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length)
    expect(new Set(rows.map((r) => r.category))).toEqual(
      new Set(['非公企业', '社会组织', '个体工商户', '专业市场']),
    )
    for (const industry of [
      '制造业',
      '建筑业',
      '批发零售',
      '信息技术',
      '餐饮住宿',
      '物流运输',
      '社会服务',
    ]) {
      expect(
        rows.some((r) => r.industry === industry),
        industry,
      ).toBe(true)
    }
    expect(rows.every((r) => r.grid === '幸福社区第三网格')).toBe(true)
    expect(count(rows, (r) => /^0515-?\d{8}$/.test(r.phone as string))).toBeGreaterThan(300)
    expect(count(rows, (r) => /^1[3-9]\d{9}$/.test(r.phone as string))).toBeGreaterThan(2000)
  })

  it('has realistic sizes: most small, some 50+, some 100+; members sparse', () => {
    const employees = rows.map((r) => r.employees as number)
    expect(count(rows, (r) => (r.employees as number) < 50) / rows.length).toBeGreaterThan(0.7)
    expect(count(rows, (r) => (r.employees as number) >= 50)).toBeGreaterThan(200)
    expect(count(rows, (r) => (r.employees as number) >= 100)).toBeGreaterThan(100)
    expect(Math.max(...employees)).toBeGreaterThan(300)
    const withMember = count(rows, (r) => (r.members as number) + (r.probationary as number) > 0)
    expect(withMember / rows.length).toBeGreaterThan(0.15)
    expect(withMember / rows.length).toBeLessThan(0.5)
    const big = rows.filter((r) => (r.employees as number) >= 100)
    expect(count(big, (r) => (r.members as number) > 0) / big.length).toBeGreaterThan(0.7)
  })

  it('clean rows: valid unique credit codes, 组建方式 consistent, no errors at all', () => {
    const codes = rows.map((r) => r.creditCode).filter((c): c is string => typeof c === 'string')
    expect(codes.length).toBeGreaterThan(2800)
    expect(codes.every((c) => isValidCreditCode(c))).toBe(true)
    expect(new Set(codes).size).toBe(codes.length)
    for (const r of rows) {
      const members = r.members as number
      expect(members + (r.probationary as number)).toBeLessThanOrEqual(r.employees as number)
      expect(r.orgForm === '单独组建').toBe(members >= 3)
    }
    const findings = validateSheet(ledgerTemplate, rows, { today: TODAY })
    expect(findings.filter((f) => f.severity === 'error')).toEqual([])
    const entryWarnings = ['phone-invalid', 'should-build-single', 'credit-code-invalid']
    expect(findings.filter((f) => entryWarnings.includes(f.rule))).toEqual([])
    // The shortfalls of real grids do show up as warnings.
    const rules = new Set(findings.map((f) => f.rule))
    for (const rule of ['over50-no-member', 'funds-below-0.5pct', 'training-below-7-days']) {
      expect(rules.has(rule), rule).toBe(true)
    }
  })

  it('withProblems adds each kind of rule breaker, and most rows stay clean', () => {
    const bad = generateLedgerRows({ seed: 11, count: 1500, grid: '第一网格', withProblems: true })
    const findings = validateSheet(ledgerTemplate, bad, { today: TODAY })
    const rules = new Set(findings.map((f) => f.rule))
    for (const rule of [
      'members-exceed-employees',
      'single-needs-3-members',
      'should-build-single',
      'credit-code-invalid',
      'credit-code-duplicate',
      'phone-invalid',
      'type',
      'required',
    ]) {
      expect(rules.has(rule), rule).toBe(true)
    }
    const errorRows = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.rowId))
    expect(errorRows.size / bad.length).toBeGreaterThan(0.03)
    expect(errorRows.size / bad.length).toBeLessThan(0.15)
    // Lower-case codes are realistic and still valid after normalising.
    const lower = bad.filter((r) => typeof r.creditCode === 'string' && /[a-z]/.test(r.creditCode))
    expect(lower.length).toBeGreaterThan(0)
    expect(lower.every((r) => isValidCreditCode(normalizeCreditCode(r.creditCode as string)))).toBe(
      true,
    )
  })
})

describe('generateDistrict', () => {
  it('builds 区 → 街道/镇 → 网格 with realistic names and exactly totalOrgs rows', () => {
    const d = generateDistrict({ seed: 3, townships: 5, gridsPerTownship: 5, totalOrgs: 2000 })
    expect(d.name).toMatch(/区$/)
    expect(d.townships).toHaveLength(5)
    expect(d.townships.some((t) => t.name.endsWith('街道'))).toBe(true)
    expect(d.townships.some((t) => t.name.endsWith('镇'))).toBe(true)
    expect(new Set(d.townships.map((t) => t.name)).size).toBe(5)
    for (const t of d.townships) {
      expect(t.name).toMatch(/(街道|镇)$/)
      expect(t.grids).toHaveLength(5)
      expect(new Set(t.grids.map((g) => g.name)).size).toBe(5)
      for (const g of t.grids) {
        expect(g.name).toMatch(/^.+(社区|村)第[一二三四五六七八九十]+网格$/)
        expect(g.name.startsWith(g.community)).toBe(true)
        expect(g.rows.every((r) => r.grid === g.name)).toBe(true)
        expect(g.rows.every((r) => (r.address as string).startsWith(d.name + t.name))).toBe(true)
      }
    }
    const rows = d.townships.flatMap((t) => t.grids.flatMap((g) => g.rows))
    expect(rows).toHaveLength(2000)
    const sizes = d.townships.flatMap((t) => t.grids.map((g) => g.rows.length))
    expect(Math.max(...sizes)).toBeGreaterThan(Math.min(...sizes)) // grids differ in size
    expect(new Set(rows.map((r) => r.id)).size).toBe(2000)
    expect(new Set(rows.map((r) => r.name)).size).toBe(2000)
    const codes = rows.map((r) => r.creditCode).filter((c) => typeof c === 'string')
    expect(new Set(codes).size).toBe(codes.length)
  })

  it('is stable per seed and supports orgsPerGrid', () => {
    const a = generateDistrict({ seed: 'x', townships: 2, gridsPerTownship: 3, orgsPerGrid: 10 })
    const b = generateDistrict({ seed: 'x', townships: 2, gridsPerTownship: 3, orgsPerGrid: 10 })
    expect(b).toEqual(a)
    expect(a.townships.flatMap((t) => t.grids.map((g) => g.rows.length))).toEqual([
      10, 10, 10, 10, 10, 10,
    ])
    expect(() => generateDistrict({ seed: 1, townships: 1, gridsPerTownship: 1 })).toThrow(
      RangeError,
    )
  })
})

describe('generateScoringRows', () => {
  const ledger = generateLedgerRows({ seed: 5, count: 400, grid: '第二网格' })

  it('scores organisations of the ledger once each, mostly those with a 党组织', () => {
    const rows = generateScoringRows({ seed: 1, count: 60, ledgerRows: ledger, team: '第三督查组' })
    expect(rows).toHaveLength(60)
    const byName = new Map(ledger.map((r) => [r.name, r]))
    expect(new Set(rows.map((r) => r.org)).size).toBe(60)
    for (const row of rows) {
      const org = byName.get(row.org as string)!
      expect(org).toBeDefined()
      expect(row.creditCode).toBe(org.creditCode)
      expect(row.team).toBe('第三督查组')
      expect(row.date).toMatch(/^2026-(09|10)-\d\d$/)
    }
    const built = count(rows, (r) =>
      ['单独组建', '联合组建', '挂靠组建'].includes(byName.get(r.org as string)!.orgForm as string),
    )
    expect(built).toBe(60)
    expect(
      generateScoringRows({ seed: 1, count: 60, ledgerRows: ledger, team: '第三督查组' }),
    ).toEqual(rows)
    expect(
      generateScoringRows({ seed: 1, count: 999, ledgerRows: ledger, team: 't' }),
    ).toHaveLength(400)
  })

  it('passes every scoring rule without problems, explains deductions, spreads grades', () => {
    const rows = generateScoringRows({
      seed: 2,
      count: 300,
      ledgerRows: ledger,
      team: '第一督查组',
    })
    const findings = validateSheet(scoringTemplate, rows, { today: TODAY })
    expect(findings.filter((f) => f.severity === 'error')).toEqual([])
    expect(count(rows, (r) => typeof r.problems === 'string')).toBeGreaterThan(150)
    expect(count(rows, (r) => typeof r.rectification === 'string')).toBeGreaterThan(30)
    expect(rows.every((r) => (r.rectification === null) === (r.deadline === null))).toBe(true)
  })

  it('withProblems breaks scoring rules on purpose', () => {
    const rows = generateScoringRows({
      seed: 3,
      count: 300,
      ledgerRows: ledger,
      team: '第二督查组',
      withProblems: true,
    })
    const rules = new Set(validateSheet(scoringTemplate, rows, { today: TODAY }).map((f) => f.rule))
    for (const rule of [
      'deduction-needs-problem',
      'low-grade-needs-rectification',
      'score-range',
      'date-in-future',
    ]) {
      expect(rules.has(rule), rule).toBe(true)
    }
  })
})
