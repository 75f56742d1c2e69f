/**
 * @module definition/limits
 * How big a template definition may be (SPEC §7: ≤ 200 columns, 200 rules, 200 indicators,
 * 256 KiB in all, nesting depth ≤ 16), plus the smaller bounds every string and list of a
 * definition has, and the first look at hostile input: `scanJson` walks a value with an
 * explicit stack, counting its JSON size and depth and stopping at the first limit, so a
 * 100 MB string, a million-element array, a cycle or 100,000 levels of nesting are refused
 * before the zod schema (which recurses) or anything else spends memory or stack on them.
 * Not for: the shape of a definition (see `definition/definition`).
 */
import { formatPath, type DefinitionIssue, type PathSegment } from './issue'

export const DEFINITION_LIMITS = {
  /** Bytes of the definition's JSON text (UTF-8). */
  bytes: 256 * 1024,
  /** Columns of a ledger; leading + criteria + trailing of a scoring sheet. */
  columns: 200,
  rules: 200,
  indicators: 200,
  checks: 200,
  /** Options of one option column, and values of one `in` list or distribution. */
  options: 200,
  grades: 20,
  /** Conditions inside one `all` / `any`, operands of one `add` / `mul`. */
  operands: 64,
  /** Named values a rule's message shows (`show`). */
  shown: 16,
  /** Nesting of conditions and expressions (`all` inside `not` inside … counts each level). */
  depth: 16,
  /** Nesting of the JSON itself; a definition within `depth` never comes near it. */
  jsonDepth: 64,
  idLength: 64,
  labelLength: 100,
  messageLength: 500,
  /** String literals, option values, and other short texts. */
  textLength: 200,
} as const

const KIB = 1024

/**
 * The first limit `value` breaks as one issue, or null. Only JSON values pass: objects
 * (plain), arrays, strings, finite numbers, booleans and null.
 */
export function scanJson(
  value: unknown,
  limits: { bytes: number; jsonDepth: number } = DEFINITION_LIMITS,
): DefinitionIssue | null {
  // Each entry: a value still to visit, its path and depth. Paths are built only for
  // entries actually visited, and the walk stops as soon as the byte budget is spent.
  const stack: { value: unknown; path: PathSegment[]; depth: number }[] = [
    { value, path: [], depth: 0 },
  ]
  let bytes = 0
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!
    if (depth > limits.jsonDepth) {
      return {
        path: formatPath(path),
        message: `嵌套层数过深（条件和表达式最多${DEFINITION_LIMITS.depth}层）`,
      }
    }
    if (v === null || typeof v === 'boolean') bytes += 5
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path: formatPath(path), message: '数字必须是有限值' }
      bytes += 24
    } else if (typeof v === 'string') {
      // Count before measuring exactly: a huge string is refused on its length alone.
      if (v.length > limits.bytes) return tooBig(limits.bytes)
      bytes += utf8Length(v) + 2
    } else if (Array.isArray(v)) {
      bytes += 2 + v.length
      if (bytes > limits.bytes) return tooBig(limits.bytes)
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ value: v[i], path: [...path, i], depth: depth + 1 })
      }
    } else if (typeof v === 'object' && isPlainObject(v)) {
      const keys = Object.keys(v)
      bytes += 2 + keys.length
      if (bytes > limits.bytes) return tooBig(limits.bytes)
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!
        bytes += utf8Length(key) + 3
        stack.push({
          value: (v as Record<string, unknown>)[key],
          path: [...path, key],
          depth: depth + 1,
        })
      }
    } else {
      return { path: formatPath(path), message: '不是合法的 JSON 值' }
    }
    if (bytes > limits.bytes) return tooBig(limits.bytes)
  }
  return null
}

const tooBig = (bytes: number): DefinitionIssue => ({
  path: '',
  message: `表样定义过大（最多 ${bytes / KIB} KiB）`,
})

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/** UTF-8 length of a string without encoding it. */
export function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4
      i++
    } else n += 3
  }
  return n
}
