/**
 * @module rules/cellRules
 * Checks on one stored cell against its own column (SPEC §6.1): `required`, `type`,
 * `range`, `option`, and `score-range` for scoring criteria. Every one is an `error`.
 * The value checked is the stored one (see `parse/cell`): unreadable input sits there
 * as text, which is how a `type` finding arises.
 * Not for: rules that look at several cells (a template's rules, `definition/`) or the
 * credit-code check character (see `rules/creditCodeRule`).
 */
import type { CellValue, Column, Severity } from '../templates/types'
import { valueText } from '../export/cellText'
import { isCalendarDate } from '../parse/normalize'
import { isEmptyCell } from './rule'

export interface CellProblem {
  rule: string
  severity: Severity
  message: string
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

const problem = (rule: string, message: string): CellProblem => ({
  rule,
  severity: 'error',
  message,
})

/** True when `value` is a stored `YYYY-MM-DD` that names a real day. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const m = DATE_RE.exec(value)
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))
}

/** The first problem with one cell, or null when it is fine. */
export function checkCell(column: Column, value: CellValue | undefined): CellProblem | null {
  const label = column.label
  if (isEmptyCell(value)) {
    return column.required ? problem('required', `「${label}」为必填项，不能为空`) : null
  }
  const v = value as Exclude<CellValue, null>
  switch (column.type) {
    case 'integer':
    case 'money':
    case 'score':
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        return problem('type', `「${label}」应填写数字，无法识别「${valueText(v)}」`)
      }
      return checkNumberRange(column, v)
    case 'yesno':
      return typeof v === 'boolean'
        ? null
        : problem('type', `「${label}」应填写“是”或“否”，无法识别「${valueText(v)}」`)
    case 'date':
      return isIsoDate(v)
        ? null
        : problem('type', `「${label}」应填写日期（如 2026-03-05），无法识别「${valueText(v)}」`)
    case 'option': {
      const options = column.options
      if (!options || (typeof v === 'string' && options.includes(v))) return null
      return problem(
        'option',
        `「${label}」应为以下之一：${options.join('、')}；「${valueText(v)}」不在其中`,
      )
    }
    case 'text':
    case 'longText':
    case 'creditCode':
    case 'phone':
    case 'attachment':
      return typeof v === 'boolean'
        ? problem('type', `「${label}」应填写文字，无法识别「${valueText(v)}」`)
        : null
    case 'computed':
      return null
  }
}

/** The range problem of a number in an integer, money or score column, or null. */
export function checkNumberRange(column: Column, v: number): CellProblem | null {
  const label = column.label
  if (column.type === 'score') {
    const min = column.min ?? 0
    const max = column.max ?? Infinity
    const step = column.step ?? 0.5
    const onStep = Math.abs((v - min) / step - Math.round((v - min) / step)) < 1e-9
    if (v < min || v > max || !onStep) {
      return problem(
        'score-range',
        `「${label}」得分应在${min}至${max}分之间、以${step}分为单位，现为「${v}」`,
      )
    }
    return null
  }
  if (column.type === 'integer') {
    const min = column.min ?? 0
    const max = column.max
    if (!Number.isInteger(v) || v < min || (max !== undefined && v > max)) {
      const want = max !== undefined ? `${min}至${max}的整数` : `不小于${min}的整数`
      return problem('range', `「${label}」应为${want}，现为「${v}」`)
    }
    return null
  }
  const min = column.min ?? 0
  if (v < min || (column.max !== undefined && v > column.max)) {
    const want =
      column.max !== undefined
        ? `应在${min}至${column.max}之间`
        : min === 0
          ? '不能为负数'
          : `不能小于${min}`
    return problem('range', `「${label}」${want}，现为「${v}」`)
  }
  return null
}
