/** 联系电话 (SPEC §2.1): mainland mobile or landline, else the warning `phone-invalid`. */
import { describe, expect, it } from 'vitest'
import { goodLedgerRow } from '../test/rows'
import { isValidPhone, phoneRule } from './phone'

const rule = phoneRule('phone')
const ctx = { template: undefined as never, today: '2026-03-05' }

describe('phone-invalid', () => {
  it.each([
    '13812345678',
    '19912345678',
    '138 1234 5678',
    '１３８１２３４５６７８',
    '0471-1234567',
    '04711234567',
    '010-12345678',
    '021-87654321-805',
    '0471 6543210',
  ])('accepts %j', (phone) => {
    expect(isValidPhone(phone)).toBe(true)
  })
  it.each([
    '12345678901',
    '1381234567',
    '138123456789',
    '12345',
    '471-1234567',
    '0471-123456',
    'abc',
  ])('rejects %j', (phone) => {
    expect(isValidPhone(phone)).toBe(false)
  })
  it('as a row rule: warning on the phone column, silent when valid or empty', () => {
    expect(rule).toMatchObject({ id: 'phone-invalid', severity: 'warning', column: 'phone' })
    expect(rule.check(goodLedgerRow({ phone: '12345' }), ctx)).toMatch(/联系电话「12345」/)
    expect(rule.check(goodLedgerRow(), ctx)).toBeNull()
    expect(rule.check(goodLedgerRow({ phone: null }), ctx)).toBeNull()
  })
})
