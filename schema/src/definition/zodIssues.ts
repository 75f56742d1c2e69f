/**
 * @module definition/zodIssues
 * zod's complaints about a definition's shape, told in Chinese with the path people read
 * (`rules[2].when.left.col`). A union (an expression or a condition) that matches no form
 * is explained by the form its keys point to — `{"col": 1}` gets "应为文字", not the six
 * ways it is not a number, a string, an `add` … — or, when no key points anywhere, by
 * listing the forms that exist.
 * Not for: references between parts (see `definition/checkDefinition`).
 */
import type { core } from 'zod'
import { formatPath, type DefinitionIssue } from './issue'

type ZodIssue = core.$ZodIssue

const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  boolean: '布尔值（true 或 false）',
  array: '数组',
  object: '对象',
  int: '整数',
}

/** The keys that say which form of a union an object means. */
const FORM_KEYS = ['all', 'any', 'not', 'op', 'col', 'add', 'mul', 'today', 'kind']

/** Chinese issues for zod's, in order; `input` is what was parsed (to pick union forms). */
export function translateZodIssues(issues: readonly ZodIssue[], input: unknown): DefinitionIssue[] {
  const out: DefinitionIssue[] = []
  for (const issue of issues) translate(issue, [], input, out)
  return out
}

function translate(
  issue: ZodIssue,
  base: PropertyKey[],
  input: unknown,
  out: DefinitionIssue[],
): void {
  const path = [...base, ...issue.path]
  const at = formatPath(path)
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAt(input, path)
      if (value === undefined) {
        const key = path[path.length - 1]
        out.push({ path: at, message: `缺少「${String(key)}」` })
      } else {
        out.push({ path: at, message: `应为${TYPE_NAMES[issue.expected] ?? issue.expected}` })
      }
      return
    }
    case 'too_small':
      out.push({ path: at, message: tooSmall(issue) })
      return
    case 'too_big':
      out.push({ path: at, message: tooBig(issue) })
      return
    case 'invalid_value':
      out.push({ path: at, message: `应为以下之一：${issue.values.map(String).join('、')}` })
      return
    case 'unrecognized_keys':
      for (const key of issue.keys) {
        out.push({ path: formatPath([...path, key]), message: `未知字段「${key}」` })
      }
      return
    case 'invalid_union':
      translateUnion(issue, path, input, out)
      return
    case 'invalid_format':
    case 'custom':
      out.push({ path: at, message: issue.message })
      return
    case 'not_multiple_of':
      out.push({ path: at, message: `应为${String(issue.divisor)}的倍数` })
      return
    default:
      out.push({ path: at, message: '格式不正确' })
  }
}

function tooSmall(issue: core.$ZodIssueTooSmall): string {
  const min = Number(issue.minimum)
  if (issue.origin === 'array') return min <= 1 ? '不能为空，至少一项' : `至少${min}项`
  if (issue.origin === 'string') return min <= 1 ? '不能为空' : `至少${min}个字`
  return issue.inclusive ? `不能小于${min}` : `应大于${min}`
}

function tooBig(issue: core.$ZodIssueTooBig): string {
  const max = Number(issue.maximum)
  if (issue.origin === 'array') return `最多${max}项`
  if (issue.origin === 'string') return `最多${max}个字`
  return issue.inclusive ? `不能大于${max}` : `应小于${max}`
}

function translateUnion(
  issue: core.$ZodIssueInvalidUnion,
  path: PropertyKey[],
  input: unknown,
  out: DefinitionIssue[],
): void {
  const value = valueAt(input, path)
  if ('discriminator' in issue && issue.discriminator) {
    // A discriminated union (`op`, `kind`) whose discriminator is missing or unknown; zod
    // reports it at the discriminator's own path.
    const key = issue.discriminator
    const objectPath = path[path.length - 1] === key ? path.slice(0, -1) : path
    const object = valueAt(input, objectPath)
    const given = hasKey(object, key) ? (object as Record<string, unknown>)[key] : undefined
    const options = (issue as { options?: unknown[] }).options ?? []
    const list = options.map(String).join('、')
    out.push({
      path: formatPath([...objectPath, key]),
      message:
        given === undefined
          ? `缺少「${key}」，应为 ${list} 之一`
          : `「${String(given)}」不存在，应为 ${list} 之一`,
    })
    return
  }
  if (value === undefined) {
    out.push({ path: formatPath(path), message: `缺少「${String(path[path.length - 1])}」` })
    return
  }
  // Keep the forms whose complaints are not about the value's own type or keys.
  const fitting = issue.errors.filter((errors) => !errors.some((e) => isRootMismatch(e, value)))
  if (fitting.length === 1) {
    for (const e of fitting[0]!) translate(e, path, input, out)
    return
  }
  out.push({ path: formatPath(path), message: unionMessage(path, value) })
}

/** True for a complaint that the value is not of this form at all. */
function isRootMismatch(e: ZodIssue, value: unknown): boolean {
  if (e.code === 'invalid_union' && 'discriminator' in e && e.discriminator) {
    // `{"op": …}` forms: not meant unless the value has the key.
    return !hasKey(value, e.discriminator)
  }
  if (e.path.length === 0) return e.code === 'invalid_type' || e.code === 'invalid_value'
  // A form's own key missing (`{"col": …}` without `col`): the value means another form.
  const key = e.path[0]
  return (
    e.path.length === 1 && typeof key === 'string' && FORM_KEYS.includes(key) && !hasKey(value, key)
  )
}

const hasKey = (value: unknown, key: string): boolean =>
  value !== null && typeof value === 'object' && Object.hasOwn(value, key)

function unionMessage(path: PropertyKey[], value: unknown): string {
  const keys =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.keys(value).filter((k) => FORM_KEYS.includes(k))
      : []
  if (keys.length > 1) return `只能用${keys.map((k) => `「${k}」`).join('或')}中的一个`
  return isConditionPlace(path)
    ? '应为条件：{"all": […]}、{"any": […]}、{"not": …} 或 {"op": …, "left": …}'
    : '应为数字、文字、true/false、{"col": 列id}、{"add": […]}、{"mul": […]} 或 {"today": true}'
}

/** Whether the value at `path` is a condition (else an expression). */
function isConditionPlace(path: PropertyKey[]): boolean {
  const last = path[path.length - 1]
  const before = path[path.length - 2]
  if (typeof last === 'number') return before === 'all' || before === 'any'
  return (
    last === 'when' ||
    last === 'require' ||
    last === 'where' ||
    last === 'num' ||
    last === 'den' ||
    last === 'not'
  )
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined
    if (!Object.hasOwn(v, seg)) return undefined
    v = (v as Record<PropertyKey, unknown>)[seg]
  }
  return v
}
