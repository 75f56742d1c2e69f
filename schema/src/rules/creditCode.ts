/**
 * @module rules/creditCode
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no
 * I, O, Z, S, V); the 18th is a check character over the first 17.
 * Also used by demo data and tests to make valid codes.
 */

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The check character for the first 17 characters, or null if one is not in the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i]!)
    if (v < 0) return null
    sum += v * WEIGHTS[i]!
  }
  const check = 31 - (sum % 31)
  return CREDIT_CODE_ALPHABET[check === 31 ? 0 : check]!
}

/** Trim, 全角→半角, upper-case: the form codes are compared and checked in. */
export function normalizeCreditCode(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .toUpperCase()
}

/** True when the (already normalised) code has 18 valid characters and the right check. */
export function isValidCreditCode(code: string): boolean {
  if (code.length !== 18) return false
  return creditCodeCheckChar(code.slice(0, 17)) === code[17]
}

/** Complete 17 characters into a valid code (demo data, tests). */
export function withCheckChar(first17: string): string {
  const check = creditCodeCheckChar(first17)
  if (check === null) throw new Error(`not a credit code prefix: ${first17}`)
  return first17 + check
}
