/**
 * @module admin/templates/ruleThresholds
 * The thresholds of a rule or indicator as editable fields: every number a comparison holds
 * (从业人员数 ≥ 50, 书记年度培训天数 < 7, 0.5% of 工资总额 in a `mul`), found by walking its
 * conditions, each with a label people read ("从业人员数 ≥"), and a pure setter. This is how
 * the seed rules become presets whose thresholds a district changes (50 → 30) without
 * touching JSON; the whole condition stays editable in the advanced JSON editor.
 */
import type { Column, Condition, Expression } from '@taizhang/schema'

export type PathStep = string | number

export interface Threshold {
  /** Where the number sits, from the rule (e.g. `['when', 'all', 1, 'right']`). */
  path: PathStep[]
  label: string
  value: number
}

const OP_TEXT: Record<string, string> = {
  '==': '=',
  '!=': '≠',
  '<': '<',
  '<=': '≤',
  '>': '>',
  '>=': '≥',
}

/** An expression as a short text: a column's label, a number, a sum or product. */
export function expressionText(e: Expression, labels: ReadonlyMap<string, string>): string {
  if (typeof e === 'number') return String(e)
  if (typeof e === 'string') return `「${e}」`
  if (typeof e === 'boolean') return e ? '是' : '否'
  if (e === null || typeof e !== 'object') return String(e)
  if ('col' in e) return labels.get(e.col) ?? e.col
  if ('add' in e) return e.add.map((x) => expressionText(x, labels)).join(' + ')
  if ('mul' in e) return e.mul.map((x) => expressionText(x, labels)).join(' × ')
  if ('today' in e) return '今天'
  return '…'
}

/** Every number literal compared in the conditions under `roots` of `item`. */
export function findThresholds(
  item: Record<string, unknown>,
  roots: readonly string[],
  columns: readonly Column[],
): Threshold[] {
  const labels = new Map(columns.map((c) => [c.id, c.label]))
  const out: Threshold[] = []
  const walkCondition = (c: Condition, path: PathStep[]) => {
    if (typeof c !== 'object' || c === null) return
    if ('all' in c) c.all.forEach((x, i) => walkCondition(x, [...path, 'all', i]))
    else if ('any' in c) c.any.forEach((x, i) => walkCondition(x, [...path, 'any', i]))
    else if ('not' in c) walkCondition(c.not, [...path, 'not'])
    else if ('op' in c && c.op in OP_TEXT && 'right' in c) {
      const left = expressionText(c.left, labels)
      const op = OP_TEXT[c.op]!
      walkExpression(c.right as Expression, [...path, 'right'], `${left} ${op}`)
      if (typeof c.left === 'number') {
        out.push({
          path: [...path, 'left'],
          label: `${op} ${expressionText(c.right as Expression, labels)} 左边`,
          value: c.left,
        })
      }
    }
  }
  const walkExpression = (e: Expression, path: PathStep[], label: string) => {
    if (typeof e === 'number') out.push({ path, label, value: e })
    else if (e && typeof e === 'object' && 'mul' in e) {
      e.mul.forEach((x, i) => {
        if (typeof x === 'number') {
          const others = e.mul.filter((_, j) => j !== i).map((y) => expressionText(y, labels))
          out.push({
            path: [...path, 'mul', i],
            label: `${label} ${others.join(' × ')} ×`,
            value: x,
          })
        }
      })
    } else if (e && typeof e === 'object' && 'add' in e) {
      e.add.forEach((x, i) => {
        if (typeof x === 'number')
          out.push({ path: [...path, 'add', i], label: `${label} … +`, value: x })
      })
    }
  }
  for (const root of roots) {
    const c = item[root]
    if (c !== undefined) walkCondition(c as Condition, [root])
  }
  return out
}

/** `item` with the number at `path` replaced (a new object; the rest shared). */
export function setAtPath<T>(item: T, path: readonly PathStep[], value: unknown): T {
  if (path.length === 0) return value as T
  const [head, ...rest] = path
  if (Array.isArray(item)) {
    const next = [...item]
    next[head as number] = setAtPath(next[head as number], rest, value)
    return next as T
  }
  const obj = (item ?? {}) as Record<string, unknown>
  return { ...obj, [head as string]: setAtPath(obj[head as string], rest, value) } as T
}
