/**
 * @module definition/issue
 * What is wrong with a template definition, for the person who wrote it: where (a path
 * such as `rules[2].when.left.col`) and what, in Chinese (列「techStaf」不存在). The save
 * route answers these as `422 {error, issues}` (SPEC §7); the editor shows them in place.
 * Paths read as people read them: `rules[2].when.left.col`, keys that are not identifiers
 * quoted (`columns[13].optionAliases["1+N"]`).
 */

export interface DefinitionIssue {
  /** Where in the definition: `columns[3].options[1]`, `rules[0].when.all[1].left.col`; '' for the whole. */
  path: string
  message: string
}

/** Thrown when code builds a template from a definition that does not validate. */
export class TemplateDefinitionError extends Error {
  readonly issues: readonly DefinitionIssue[]

  constructor(issues: readonly DefinitionIssue[], what = '表样定义') {
    const first = issues[0]
    super(
      `${what}有 ${issues.length} 处错误${first ? `：${first.path ? `${first.path}：` : ''}${first.message}` : ''}`,
    )
    this.name = 'TemplateDefinitionError'
    this.issues = issues
  }
}

export type PathSegment = string | number

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** `['rules', 2, 'when', 'left', 'col']` → `rules[2].when.left.col`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else if (typeof seg === 'string' && IDENTIFIER.test(seg)) out += out === '' ? seg : `.${seg}`
    else out += `[${JSON.stringify(String(seg))}]`
  }
  return out
}
