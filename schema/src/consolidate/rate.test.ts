// SPEC §2.4: rates show one decimal, computed exactly from the integers, rounded half
// up; a zero denominator shows "—". Checked against worked examples and, by property,
// against long division written out here with BigInt.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { divideHalfUp, formatRate, makeRate, pctTenths } from './rate'

/** Percent in tenths by schoolbook long division: quotient digits, then look at the rest. */
function tenthsByLongDivision(num: number, den: number): number {
  const scaled = BigInt(num) * 1000n
  const q = scaled / BigInt(den)
  const rest = scaled - q * BigInt(den)
  return Number(rest * 2n >= BigInt(den) ? q + 1n : q)
}

describe('makeRate', () => {
  it.each([
    [23, 80, 28.8], // floating point gives 28.7 (0.2875 → 0.28749…)
    [1, 3, 33.3],
    [2, 3, 66.7],
    [1, 8, 12.5],
    [1, 16, 6.3], // 6.25 rounds up
    [0, 5, 0],
    [5, 5, 100],
    [7, 7000, 0.1], // 0.1 exactly
    [1, 2000, 0.1], // 0.05 rounds up
    [1, 2001, 0], // just below 0.05
  ])('%i/%i → %d', (num, den, pct) => {
    expect(makeRate(num, den)).toEqual({ num, den, pct })
  })

  it('a zero denominator gives pct null and shows "—"', () => {
    expect(makeRate(0, 0)).toEqual({ num: 0, den: 0, pct: null })
    expect(formatRate(makeRate(0, 0))).toBe('—')
  })

  it('shows one decimal and a percent sign', () => {
    expect(formatRate(makeRate(23, 80))).toBe('28.8%')
    expect(formatRate(makeRate(3, 5))).toBe('60.0%')
    expect(formatRate(makeRate(4, 4))).toBe('100.0%')
    expect(formatRate(makeRate(0, 9))).toBe('0.0%')
    expect(formatRate(makeRate(1, 2000))).toBe('0.1%')
  })

  it('refuses negative or fractional counts', () => {
    expect(() => makeRate(-1, 3)).toThrow(RangeError)
    expect(() => makeRate(1.5, 3)).toThrow(RangeError)
    expect(() => pctTenths(1, -3)).toThrow(RangeError)
  })

  it('agrees with long division for every num ≤ den (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.nat(), (den, k) => {
        const num = k % (den + 1)
        const rate = makeRate(num, den)
        expect(Math.round(rate.pct! * 10)).toBe(tenthsByLongDivision(num, den))
        expect(formatRate(rate)).toMatch(/^\d{1,3}\.\d%$/)
      }),
      { numRuns: 2000 },
    )
  })

  it('stays exact beyond the safe-integer range (BigInt path)', () => {
    const big = 2 ** 52
    expect(pctTenths(big, big)).toBe(1000)
    expect(pctTenths(big / 8, big)).toBe(125)
  })
})

describe('divideHalfUp', () => {
  it('rounds halves toward +∞, also for negative numerators', () => {
    expect(divideHalfUp(5, 2)).toBe(3)
    expect(divideHalfUp(7, 2)).toBe(4)
    expect(divideHalfUp(-5, 2)).toBe(-2)
    expect(divideHalfUp(-7, 2)).toBe(-3)
    expect(divideHalfUp(-6, 4)).toBe(-1)
    expect(divideHalfUp(4, 3)).toBe(1)
    expect(divideHalfUp(2 ** 60, 2)).toBe(2 ** 59)
  })
})
