/**
 * @module rules/phone
 * 联系电话 format (SPEC §2.1): a mainland mobile number (1[3-9] + 9 digits) or a
 * landline (0 + 2–3 digit area code, optional `-`, 7–8 digits, optional `-` extension),
 * after removing spaces. Reported as the warning `phone-invalid`: unusual but real
 * numbers exist, so the person may acknowledge it with a reason.
 */
import { normalizeText } from '../parse/normalize'
import type { RowRule } from './rule'
import { str } from './rule'

const MOBILE = /^1[3-9]\d{9}$/
const LANDLINE = /^0\d{2,3}-?\d{7,8}(?:-\d+)?$/

/** True for a mainland mobile or landline number (spaces and 全角 digits tolerated). */
export function isValidPhone(text: string): boolean {
  if (MOBILE.test(text) || LANDLINE.test(text)) return true
  const t = normalizeText(text).replace(/\s+/g, '')
  return MOBILE.test(t) || LANDLINE.test(t)
}

/** The `phone-invalid` rule for one phone column; `label` names it in the message. */
export function phoneRule(column: string, label = '联系电话'): RowRule {
  return {
    id: 'phone-invalid',
    severity: 'warning',
    column,
    check(row) {
      const v = row[column]
      const text = typeof v === 'number' ? String(v) : str(row, column)
      if (text === null || isValidPhone(text)) return null
      return `${label}「${text}」既不是手机号（11位，1开头）也不是座机号（如 0471-1234567）`
    },
  }
}
