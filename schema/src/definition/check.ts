/**
 * @module definition/check
 * Named checks: the algorithms no condition can express, kept as code and referenced by
 * name (SPEC §7) — `creditCode` (GB 32100-2015 check character, `rules/creditCodeRule`),
 * `phone` (mainland mobile or landline, `rules/phone`) and `unique` (a value repeated within
 * the sheet; every occurrence after the first is flagged, `validate/SheetValidator`).
 * A check names its column; its rule id and severity default to the ones SPEC §6.1 gives.
 */
import { z } from 'zod'
import { ColumnIdSchema } from './expression'
import { DEFINITION_LIMITS } from './limits'

export const CHECK_KINDS = ['creditCode', 'phone', 'unique'] as const
export type CheckKind = (typeof CHECK_KINDS)[number]

export const SeveritySchema = z.enum(['error', 'warning'])

/** A rule id as findings carry it: `funds-below-0.5pct`, `tech30-no-member`. */
export const RuleIdSchema = z
  .string()
  .max(DEFINITION_LIMITS.idLength)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, '规则 id 只能由字母、数字和 . _ - 组成')

export const CheckSchema = z.strictObject({
  check: z.enum(CHECK_KINDS),
  column: ColumnIdSchema,
  /** Rule id of its findings (default: see `checkRuleId`). */
  id: RuleIdSchema.optional(),
  severity: SeveritySchema.optional(),
})
export type CheckDefinition = z.infer<typeof CheckSchema>

/** The column types each check may be put on. */
export const CHECK_COLUMN_TYPES: Record<CheckKind, ReadonlySet<string>> = {
  creditCode: new Set(['creditCode']),
  phone: new Set(['phone']),
  unique: new Set(['text', 'creditCode', 'phone', 'integer', 'date', 'option']),
}

/**
 * The rule id a check's findings carry: `credit-code-invalid`, `phone-invalid`, and for
 * `unique` `credit-code-duplicate` on a credit-code column (SPEC §6.1), else `duplicate`.
 */
export function checkRuleId(check: CheckDefinition, columnType: string | undefined): string {
  if (check.id !== undefined) return check.id
  if (check.check === 'creditCode') return 'credit-code-invalid'
  if (check.check === 'phone') return 'phone-invalid'
  return columnType === 'creditCode' ? 'credit-code-duplicate' : 'duplicate'
}

/** Default severities: a wrong phone number may be real, so it is only a warning. */
export function checkSeverity(check: CheckDefinition): 'error' | 'warning' {
  return check.severity ?? (check.check === 'phone' ? 'warning' : 'error')
}
