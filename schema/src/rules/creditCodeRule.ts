/**
 * @module rules/creditCodeRule
 * The `credit-code-invalid` row rule (SPEC §2.1, error): a filled 统一社会信用代码 must
 * have 18 characters from the GB 32100-2015 alphabet and the right check character,
 * compared after trimming, 全角→半角 and upper-casing (so a lower-case code passes).
 * Duplicates within a sheet are a cross-row rule: see `validate/SheetValidator`.
 */
import {
  CREDIT_CODE_ALPHABET,
  creditCodeCheckChar,
  isValidCreditCode,
  normalizeCreditCode,
} from './creditCode'
import type { RowRule } from './rule'

// The GB 32100-2015 weights, as in rules/creditCode (kept here for the allocation-free path).
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
/** char code → value in the alphabet, -1 when not in it (ASCII only). */
const VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < CREDIT_CODE_ALPHABET.length; i++) VALUE[CREDIT_CODE_ALPHABET.charCodeAt(i)] = i

/** True for a code already in normal form and valid: the common case, without allocations. */
function isValidNormalised(code: string): boolean {
  if (code.length !== 18) return false
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const c = code.charCodeAt(i)
    const v = c < 128 ? VALUE[c]! : -1
    if (v < 0) return false
    sum += v * WEIGHTS[i]!
  }
  const check = 31 - (sum % 31)
  return code.charCodeAt(17) === CREDIT_CODE_ALPHABET.charCodeAt(check === 31 ? 0 : check)
}

/**
 * The normalised code when a cell holds a valid one (in any accepted spelling), else
 * undefined. This is the key the duplicate index compares.
 */
export function validCreditCodeOf(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined
  const text = String(value)
  if (isValidNormalised(text)) return text
  const code = normalizeCreditCode(text)
  return isValidCreditCode(code) ? code : undefined
}

/** Why a code is not valid, in Chinese, or null when it is valid. */
export function creditCodeProblem(raw: string): string | null {
  if (isValidNormalised(raw)) return null
  const code = normalizeCreditCode(raw)
  if (code.length !== 18) return `统一社会信用代码应为18位，「${raw}」为${code.length}位`
  const bad = [...code].find((ch) => !CREDIT_CODE_ALPHABET.includes(ch))
  if (bad !== undefined) {
    const hint = 'IOZSV'.includes(bad) ? '（代码中不使用 I、O、Z、S、V）' : ''
    return `统一社会信用代码「${raw}」含有不允许的字符「${bad}」${hint}`
  }
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) {
    return `统一社会信用代码「${raw}」校验位不正确，请核对`
  }
  return null
}

/** The `credit-code-invalid` rule for one credit-code column. */
export function creditCodeRule(column: string): RowRule {
  return {
    id: 'credit-code-invalid',
    severity: 'error',
    column,
    check(row) {
      const v = row[column]
      if (v === null || v === undefined || typeof v === 'boolean') return null
      const text = String(v).trim()
      return text === '' ? null : creditCodeProblem(text)
    },
  }
}
