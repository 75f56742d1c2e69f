/**
 * @module definition/messageTemplate
 * A rule's message with placeholders (`正式党员数与预备党员数之和（{sum}）超过从业人员数（{employees}）`):
 * each `{name}` is, in this order, a value the rule's `show` computes, a column's cell,
 * `{today}`, or in a 评分表 `{deductions}` (the criteria scored below their max:
 * "发展党员扣2分、党旗扣0.5分"). Other text, braces included, stays as written.
 * Values show the way people typed them: numbers in plain digits, yes/no as 是/否.
 */
import { EMPTY, UNREADABLE, type Env, type Read, type Reader } from './cellReader'

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g

/** The placeholder names a message uses, in order (each once). */
export function placeholders(message: string): string[] {
  const names = new Set<string>()
  for (const m of message.matchAll(PLACEHOLDER)) names.add(m[1]!)
  return [...names]
}

/** Names every message may use besides columns and `show`. */
export const BUILTIN_PLACEHOLDERS = { ledger: ['today'], scoring: ['today', 'deductions'] } as const

export type Render = (env: Env) => string

/** How a value reads inside a message. */
export function shown(value: Read | null | undefined, raw?: unknown): string {
  if (value === EMPTY || value === null || value === undefined) return ''
  if (value === UNREADABLE) return raw === undefined || raw === null ? '' : String(raw)
  if (typeof value === 'boolean') return value ? '是' : '否'
  return String(value)
}

/**
 * Compiles a message: `resolve(name)` gives the function that shows one placeholder.
 * A message without placeholders is returned as it is, with no work per finding.
 */
export function compileMessage(message: string, resolve: (name: string) => Render): Render {
  const parts: (string | Render)[] = []
  let last = 0
  for (const m of message.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(message.slice(last, m.index))
    parts.push(resolve(m[1]!))
    last = m.index + m[0].length
  }
  if (parts.length === 0) return () => message
  if (last < message.length) parts.push(message.slice(last))
  return (env) => {
    let out = ''
    for (const p of parts) out += typeof p === 'string' ? p : p(env)
    return out
  }
}

/** Shows a column's cell as the rule read it (unreadable text as it was typed). */
export function showColumn(id: string, read: Reader): Render {
  return (env) => shown(read(env), env.row[id])
}
