/**
 * @module admin/templates/ChecksEditor
 * The named checks of a draft (SPEC §7: what no condition can say, kept as code and
 * referenced by name): 信用代码校验位 `creditCode`, 电话格式 `phone`, 不得重复 `unique`, each on a
 * column, with the default rule id and severity of SPEC §6.1 unless changed.
 */
import {
  CHECK_KINDS,
  type CheckDefinition,
  type CheckKind,
  type Column,
  type DefinitionIssue,
} from '@taizhang/schema'
import { removeItem, replaceItem, withKey } from './draft'
import { IssueList } from './fields'
import { issuesUnder } from './issues'

export const CHECK_LABELS: Record<CheckKind, string> = {
  creditCode: '统一社会信用代码校验位',
  phone: '电话号码格式',
  unique: '表内不得重复',
}

export function ChecksEditor({
  checks,
  columns,
  onChange,
  issues,
}: {
  checks: readonly CheckDefinition[]
  columns: readonly Column[]
  onChange(checks: CheckDefinition[]): void
  issues: readonly DefinitionIssue[]
}) {
  const set = (i: number, check: CheckDefinition) => onChange(replaceItem(checks, i, check))
  return (
    <div className="checks-editor">
      {checks.map((check, i) => (
        <div key={i} className="field-row item-line">
          <label className="field">
            <span>检查</span>
            <select
              value={check.check}
              aria-label="检查"
              onChange={(e) => set(i, { ...check, check: e.target.value as CheckKind })}
            >
              {CHECK_KINDS.map((k) => (
                <option key={k} value={k}>
                  {CHECK_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>列</span>
            <select
              value={check.column}
              aria-label="检查的列"
              onChange={(e) => set(i, { ...check, column: e.target.value })}
            >
              {!columns.some((c) => c.id === check.column) && (
                <option value={check.column}>{check.column}（不存在）</option>
              )}
              {columns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>级别</span>
            <select
              value={check.severity ?? ''}
              aria-label="检查级别"
              onChange={(e) =>
                set(
                  i,
                  withKey(
                    check,
                    'severity',
                    (e.target.value || undefined) as CheckDefinition['severity'],
                  ),
                )
              }
            >
              <option value="">默认</option>
              <option value="error">错误</option>
              <option value="warning">提醒</option>
            </select>
          </label>
          <button type="button" className="danger" onClick={() => onChange(removeItem(checks, i))}>
            删除
          </button>
          <IssueList issues={issuesUnder(issues, `checks[${i}]`)} />
        </div>
      ))}
      <button
        type="button"
        onClick={() => onChange([...checks, { check: 'unique', column: columns[0]?.id ?? 'name' }])}
      >
        添加检查
      </button>
    </div>
  )
}
