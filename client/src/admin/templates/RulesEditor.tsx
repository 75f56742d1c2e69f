/**
 * @module admin/templates/RulesEditor
 * The rules of a draft (SPEC §7): each with its id, the column its finding is reported on,
 * severity (错误 blocks 报送, 提醒 needs a reason), its message, its thresholds as number fields
 * (`ruleThresholds`: 从业人员数 ≥ 50 → 30 without touching JSON), and 高级 — `when`, `require`
 * and `show` as JSON with live validation. New rules come from the presets (the seed rules of
 * the built-in 网格台账 or 督查评分表, copied with a fresh id when one is already there) or blank.
 */
import {
  ledgerRules,
  scoringPresetRules,
  type Column,
  type DefinitionIssue,
  type RuleDefinition,
} from '@taizhang/schema'
import { useState } from 'react'
import {
  freshId,
  moveItem,
  readId,
  removeItem,
  replaceItem,
  withKey,
  type DraftDefinition,
} from './draft'
import { IssueList, NumberField } from './fields'
import { issuesUnder } from './issues'
import { JsonField } from './JsonField'
import { findThresholds, setAtPath } from './ruleThresholds'

/** More thresholds than this are left to the JSON editor (a 评分表's per-criterion rules). */
const MAX_THRESHOLD_FIELDS = 6

export const SEVERITY_LABELS = { error: '错误（不能报送）', warning: '提醒（需说明理由）' } as const

/** The preset rules offered for a draft of this kind. */
export function presetRules(definition: DraftDefinition): RuleDefinition[] {
  if ('columns' in definition) return ledgerRules
  return scoringPresetRules(definition)
}

/** A preset added to `rules`: a copy, with a fresh id when that id is taken. */
export function addPreset(
  rules: readonly RuleDefinition[],
  preset: RuleDefinition,
): RuleDefinition[] {
  const copy = structuredClone(preset)
  copy.id = freshId(
    preset.id,
    rules.map((r) => r.id),
  )
  return [...rules, copy]
}

export function blankRule(
  rules: readonly RuleDefinition[],
  columns: readonly Column[],
): RuleDefinition {
  const column = columns[0]?.id ?? 'name'
  return {
    id: freshId(
      'rule',
      rules.map((r) => r.id),
    ),
    column,
    severity: 'warning',
    message: '请填写提示语',
    when: { op: 'filled', left: { col: column } },
  }
}

export function RulesEditor({
  definition,
  columns,
  onChange,
  issues,
}: {
  definition: DraftDefinition
  columns: readonly Column[]
  onChange(rules: RuleDefinition[]): void
  issues: readonly DefinitionIssue[]
}) {
  const rules = definition.rules
  const presets = presetRules(definition)
  const [choice, setChoice] = useState('')
  const set = (i: number, rule: RuleDefinition) => onChange(replaceItem(rules, i, rule))
  return (
    <div className="rules-editor">
      {rules.map((rule, i) => {
        const thresholds = findThresholds(rule, ['when', 'require'], columns)
        const path = `rules[${i}]`
        return (
          <fieldset key={i} className="item-card" data-rule-id={rule.id}>
            <legend>
              规则 {i + 1} · {rule.id}
            </legend>
            <div className="field-row">
              <label className="field">
                <span>规则标识</span>
                <input
                  className="mono"
                  value={rule.id}
                  aria-label="规则标识"
                  onChange={(e) => set(i, { ...rule, id: readId(e.target.value) })}
                />
              </label>
              <label className="field">
                <span>提示在列</span>
                <select
                  value={rule.column}
                  aria-label="提示在列"
                  onChange={(e) => set(i, { ...rule, column: e.target.value })}
                >
                  {!columns.some((c) => c.id === rule.column) && (
                    <option value={rule.column}>{rule.column}（不存在）</option>
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
                  value={rule.severity}
                  aria-label="级别"
                  onChange={(e) =>
                    set(i, { ...rule, severity: e.target.value as 'error' | 'warning' })
                  }
                >
                  <option value="error">{SEVERITY_LABELS.error}</option>
                  <option value="warning">{SEVERITY_LABELS.warning}</option>
                </select>
              </label>
            </div>
            <label className="field field-wide">
              <span>提示语</span>
              <input
                value={rule.message}
                aria-label="提示语"
                onChange={(e) => set(i, { ...rule, message: e.target.value })}
              />
            </label>
            {thresholds.length > 0 && thresholds.length <= MAX_THRESHOLD_FIELDS && (
              <div className="field-row thresholds">
                {thresholds.map((t) => (
                  <NumberField
                    key={t.path.join('.')}
                    label={t.label}
                    value={t.value}
                    onChange={(n) => n !== null && set(i, setAtPath(rule, t.path, n))}
                  />
                ))}
              </div>
            )}
            <details className="advanced">
              <summary>高级：条件（JSON）</summary>
              <p className="muted small">
                「满足条件」成立且「应满足」不成立时报告；留空「满足条件」表示每行都检查。条件写法见
                SPEC §7：
                {'{"op": ">=", "left": {"col": "employees"}, "right": 30}'}、all / any /
                not、in、empty / filled、add、mul。
              </p>
              <JsonField
                label="满足条件（when）"
                value={rule.when}
                onChange={(v) => set(i, withKey(rule, 'when', v as RuleDefinition['when']))}
                issues={issuesUnder(issues, `${path}.when`)}
              />
              <JsonField
                label="应满足（require）"
                value={rule.require}
                onChange={(v) => set(i, withKey(rule, 'require', v as RuleDefinition['require']))}
                issues={issuesUnder(issues, `${path}.require`)}
              />
              <JsonField
                label="提示语中显示的值（show）"
                value={rule.show}
                onChange={(v) => set(i, withKey(rule, 'show', v as RuleDefinition['show']))}
                issues={issuesUnder(issues, `${path}.show`)}
              />
            </details>
            <IssueList
              issues={issuesUnder(issues, path).filter(
                (x) => !/^rules\[\d+\]\.(when|require|show)/.test(x.path),
              )}
            />
            <div className="admin-actions">
              <button
                type="button"
                disabled={i === 0}
                onClick={() => onChange(moveItem(rules, i, -1))}
              >
                上移
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => onChange(removeItem(rules, i))}
              >
                删除此规则
              </button>
            </div>
          </fieldset>
        )
      })}
      <div className="field-row">
        <label className="field">
          <span>添加规则</span>
          <select value={choice} aria-label="添加规则" onChange={(e) => setChoice(e.target.value)}>
            <option value="">空白规则</option>
            {presets.map((p, n) => (
              <option key={`${p.id}-${n}`} value={String(n)}>
                预设：{p.message.slice(0, 40)}（{p.id}）
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() =>
            onChange(
              choice === ''
                ? [...rules, blankRule(rules, columns)]
                : addPreset(rules, presets[Number(choice)]!),
            )
          }
        >
          添加
        </button>
      </div>
    </div>
  )
}
