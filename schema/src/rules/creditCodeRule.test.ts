/**
 * 统一社会信用代码 (GB 32100-2015) and `credit-code-invalid` (SPEC §2.1): generated
 * valid codes pass, also typed in lower case or 全角; a changed character, one of
 * I/O/Z/S/V, or a wrong length fails.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toHalfWidth } from '../parse/normalize'
import { goodLedgerRow } from '../test/rows'
import {
  CREDIT_CODE_ALPHABET,
  isValidCreditCode,
  normalizeCreditCode,
  withCheckChar,
} from './creditCode'
import { creditCodeProblem, creditCodeRule, validCreditCodeOf } from './creditCodeRule'

const alphabetChar = fc.constantFrom(...CREDIT_CODE_ALPHABET)
const validCodeArb = fc
  .array(alphabetChar, { minLength: 17, maxLength: 17 })
  .map((chars) => withCheckChar(chars.join('')))

/** Half-width → 全角, the way an input method in 全角 mode types it. */
const toFullWidth = (s: string): string =>
  s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0))

const rule = creditCodeRule('creditCode')
const ctx = { template: undefined as never, today: '2026-03-05' }

describe('credit-code-invalid', () => {
  it('passes valid codes, also in lower case, 全角 and with spaces around', () => {
    fc.assert(
      fc.property(validCodeArb, (code) => {
        expect(creditCodeProblem(code)).toBeNull()
        expect(creditCodeProblem(code.toLowerCase())).toBeNull()
        expect(creditCodeProblem(toFullWidth(code))).toBeNull()
        expect(creditCodeProblem(`  ${code}\u3000`)).toBeNull()
        expect(toHalfWidth(toFullWidth(code))).toBe(code)
      }),
    )
  })

  it('fails when any one character is changed to another', () => {
    fc.assert(
      fc.property(validCodeArb, fc.nat(17), fc.nat(29), (code, at, shift) => {
        const i = CREDIT_CODE_ALPHABET.indexOf(code[at]!)
        const other = CREDIT_CODE_ALPHABET[(i + 1 + shift) % 31]!
        const changed = code.slice(0, at) + other + code.slice(at + 1)
        expect(creditCodeProblem(changed)).toMatch(/校验位不正确/)
      }),
    )
  })

  it('fails on I, O, Z, S, V, naming the character', () => {
    fc.assert(
      fc.property(validCodeArb, fc.nat(17), fc.constantFrom(...'IOZSV'), (code, at, bad) => {
        const changed = code.slice(0, at) + bad + code.slice(at + 1)
        expect(creditCodeProblem(changed)).toBe(
          `统一社会信用代码「${changed}」含有不允许的字符「${bad}」（代码中不使用 I、O、Z、S、V）`,
        )
      }),
    )
  })

  it('fails on a wrong length', () => {
    fc.assert(
      fc.property(validCodeArb, (code) => {
        expect(creditCodeProblem(code.slice(0, 17))).toBe(
          `统一社会信用代码应为18位，「${code.slice(0, 17)}」为17位`,
        )
        expect(creditCodeProblem(code + '0')).toMatch(/应为18位/)
      }),
    )
  })

  it('as a row rule: fires on a bad code, silent on a good or empty one', () => {
    const good = goodLedgerRow()
    expect(rule.check(good, ctx)).toBeNull()
    expect(rule.check(goodLedgerRow({ creditCode: null }), ctx)).toBeNull()
    expect(rule.check(goodLedgerRow({ creditCode: '  ' }), ctx)).toBeNull()
    const code = good.creditCode as string
    const broken = code.slice(0, 17) + (code[17] === '0' ? '1' : '0')
    expect(rule.check(goodLedgerRow({ creditCode: broken }), ctx)).toMatch(/校验位不正确/)
    expect(rule).toMatchObject({
      id: 'credit-code-invalid',
      severity: 'error',
      column: 'creditCode',
    })
  })

  it('accepts the published example code 91350100M000100Y43', () => {
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull()
  })

  it('validCreditCodeOf (the duplicate key) agrees with the reference check', () => {
    const anyChar = fc.constantFrom(...(CREDIT_CODE_ALPHABET + 'IOZSVaby -'))
    const candidate = fc.oneof(
      validCodeArb,
      validCodeArb.map((c) => c.toLowerCase()),
      validCodeArb.map(toFullWidth),
      fc.array(anyChar, { minLength: 16, maxLength: 19 }).map((a) => a.join('')),
    )
    fc.assert(
      fc.property(candidate, (text) => {
        const code = normalizeCreditCode(text)
        expect(validCreditCodeOf(text)).toBe(isValidCreditCode(code) ? code : undefined)
        expect(creditCodeProblem(text) === null).toBe(isValidCreditCode(code))
      }),
      { numRuns: 500 },
    )
    expect(validCreditCodeOf(null)).toBeUndefined()
    expect(validCreditCodeOf(true)).toBeUndefined()
  })
})
