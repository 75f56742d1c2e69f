/**
 * @module consolidate/rate
 * A rate of the 汇总表 (SPEC §2.4, §6.1): `{num, den, pct}` where `pct` is a percentage
 * rounded half up to one decimal, computed EXACTLY from the integers. Floating point
 * would print 23/80 as 28.7 (0.2875 is stored as 0.28749…); integer arithmetic gives
 * the 28.8 a clerk gets by hand. `pct` is null when the denominator is 0 ("—").
 * Also the half-up integer division other summaries (平均分) reuse.
 * Not for: deciding which rows are in a rate (see `ledgerIndicators`).
 */

/** A rate as it appears in consolidation JSON; `pct` 60 means 60 %. */
export interface Rate {
  num: number
  den: number
  pct: number | null
}

/**
 * `a / b` rounded half up (toward +∞ on a tie) to an integer, for integers a and b > 0,
 * exact for any size (BigInt once intermediate values leave the safe-integer range).
 */
export function divideHalfUp(a: number, b: number): number {
  if (!Number.isInteger(a) || !Number.isInteger(b) || b <= 0) {
    throw new RangeError(`divideHalfUp needs integers a and b > 0 (got ${a}, ${b})`)
  }
  const twiceA = 2 * a + b
  if (Number.isSafeInteger(twiceA) && Number.isSafeInteger(2 * b)) {
    // floor((2a + b) / 2b), with the float quotient corrected by the exact remainder.
    const d = 2 * b
    let q = Math.floor(twiceA / d)
    const r = twiceA - q * d
    if (r < 0) q -= 1
    else if (r >= d) q += 1
    return q
  }
  const n = 2n * BigInt(a) + BigInt(b)
  const d = 2n * BigInt(b)
  // BigInt division truncates toward zero; floor it for negative numerators.
  const q = n / d
  return Number(n % d < 0n ? q - 1n : q)
}

/** The percentage num/den in tenths of a percent (288 for 23/80), or null when den is 0. */
export function pctTenths(num: number, den: number): number | null {
  if (!Number.isInteger(num) || !Number.isInteger(den) || num < 0 || den < 0) {
    throw new RangeError(`a rate needs non-negative integers (got ${num}/${den})`)
  }
  if (den === 0) return null
  return divideHalfUp(num * 1000, den)
}

/** Builds a rate from its integer numerator and denominator. */
export function makeRate(num: number, den: number): Rate {
  const tenths = pctTenths(num, den)
  return { num, den, pct: tenths === null ? null : tenths / 10 }
}

/** Tenths as text with exactly one decimal ("28.8", "100.0"), without float formatting. */
export function formatTenths(tenths: number): string {
  const sign = tenths < 0 ? '-' : ''
  const abs = Math.abs(tenths)
  return `${sign}${Math.floor(abs / 10)}.${abs % 10}`
}

/** "28.8%" for a rate, "—" when its denominator is 0. */
export function formatRate(rate: Rate): string {
  if (rate.pct === null || rate.den === 0) return '—'
  return `${formatTenths(Math.round(rate.pct * 10))}%`
}
