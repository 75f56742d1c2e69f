/**
 * @module admin/templates/IndicatorsEditor
 * The 汇总 indicators of a draft (SPEC §7, §2.4): id, label, kind — 计数 `count`, 合计 `sum`,
 * 比率 `rate`, 分布 `distribution`, 平均 `avg` — the column or conditions each needs (conditions
 * as JSON, with their thresholds as number fields), and an optional target (e.g. 单独组建率
 * ≥ 98) that marks units below it in the 汇总. New ones come from the presets (the built-in
 * ledger's 25 indicators, or a 评分表's 平均分/等次分布/问题数) or blank.
 */
import {
  COMPARE_OPS,
  ledgerIndicatorDefinitions,
  scoringPresetIndicators,
  type Column,
  type CompareOp,
  type Condition,
  type DefinitionIssue,
  type IndicatorDefinition,
  type IndicatorKind,
} from '@taizhang/schema'
import { useState } from 'react'
import { freshId, readId, removeItem, replaceItem, withKey, type DraftDefinition } from './draft'
import { IssueList, ListField, NumberField } from './fields'
import { issuesUnder } from './issues'
import { JsonField } from './JsonField'
import { findThresholds, setAtPath } from './ruleThresholds'

export const INDICATOR_KIND_LABELS: Record<IndicatorKind, string> = {
  count: '计数',
  sum: '合计',
  rate: '比率',
  distribution: '分布',
  avg: '平均值',
}

const OP_LABELS: Record<CompareOp, string> = {
  '>=': '≥',
  '>': '>',
  '<=': '≤',
  '<': '<',
  '==': '=',
  '!=': '≠',
}

const NUMERIC = new Set(['integer', 'money', 'score', 'computed'])

/** An indicator changed to `kind`, keeping id, label and target, with what the kind needs. */
export function withKind(
  indicator: IndicatorDefinition,
  kind: IndicatorKind,
  columns: readonly Column[],
): IndicatorDefinition {
  const base = {
    id: indicator.id,
    label: indicator.label,
    ...(indicator.target ? { target: indicator.target } : {}),
  }
  const numberCol = columns.find((c) => NUMERIC.has(c.type))?.id ?? columns[0]?.id ?? 'name'
  const first = columns[0]?.id ?? 'name'
  const filled: Condition = { op: 'filled', left: { col: first } }
  switch (kind) {
    case 'count':
      return { ...base, kind }
    case 'sum':
    case 'avg':
      return { ...base, kind, col: 'col' in indicator ? indicator.col : numberCol }
    case 'distribution':
      return { ...base, kind, col: 'col' in indicator ? indicator.col : first }
    case 'rate':
      return { ...base, kind, num: filled }
  }
}

/** Distribution values as typed: numbers stay numbers ("1" → 1) for a number column. */
function distributionValues(texts: string[], column: Column | undefined): (string | number)[] {
  if (!column || !NUMERIC.has(column.type)) return texts
  return texts.map((t) => (Number.isFinite(Number(t)) ? Number(t) : t))
}

export function IndicatorsEditor({
  definition,
  columns,
  onChange,
  issues,
}: {
  definition: DraftDefinition
  columns: readonly Column[]
  onChange(indicators: IndicatorDefinition[]): void
  issues: readonly DefinitionIssue[]
}) {
  const indicators = definition.indicators
  const presets = 'columns' in definition ? ledgerIndicatorDefinitions : scoringPresetIndicators
  const [choice, setChoice] = useState('')
  const set = (i: number, ind: IndicatorDefinition) => onChange(replaceItem(indicators, i, ind))
  const conditionKeys = (ind: IndicatorDefinition): ('where' | 'num' | 'den')[] =>
    ind.kind === 'rate' ? ['den', 'num'] : ['where']
  const conditionLabel = {
    where: '统计哪些行（where，留空为全部行）',
    den: '分母：哪些行（den，留空为全部行）',
    num: '分子：分母中哪些行（num）',
  }
  return (
    <div className="indicators-editor">
      {indicators.map((ind, i) => {
        const path = `indicators[${i}]`
        const thresholds = findThresholds(ind, conditionKeys(ind), columns)
        return (
          <fieldset key={i} className="item-card" data-indicator-id={ind.id}>
            <legend>
              指标 {i + 1} · {ind.label}
            </legend>
            <div className="field-row">
              <label className="field">
                <span>指标标识</span>
                <input
                  className="mono"
                  value={ind.id}
                  aria-label="指标标识"
                  onChange={(e) =>
                    set(i, { ...ind, id: readId(e.target.value).replace(/-/g, '_') })
                  }
                />
              </label>
              <label className="field">
                <span>名称</span>
                <input
                  value={ind.label}
                  aria-label="指标名称"
                  onChange={(e) => set(i, { ...ind, label: e.target.value })}
                />
              </label>
              <label className="field">
                <span>类型</span>
                <select
                  value={ind.kind}
                  aria-label="指标类型"
                  onChange={(e) => set(i, withKind(ind, e.target.value as IndicatorKind, columns))}
                >
                  {Object.entries(INDICATOR_KIND_LABELS).map(([k, label]) => (
                    <option key={k} value={k}>
                      {label}
                    </option>
                  ))}
                </select>
              </label>
              {'col' in ind && (
                <label className="field">
                  <span>列</span>
                  <select
                    value={ind.col}
                    aria-label="指标的列"
                    onChange={(e) => set(i, { ...ind, col: e.target.value })}
                  >
                    {columns.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label className="field">
                <span>目标</span>
                <select
                  value={ind.target?.op ?? ''}
                  aria-label="目标"
                  onChange={(e) =>
                    set(
                      i,
                      withKey(
                        ind,
                        'target',
                        e.target.value
                          ? { op: e.target.value as CompareOp, value: ind.target?.value ?? 100 }
                          : undefined,
                      ),
                    )
                  }
                >
                  <option value="">无目标</option>
                  {COMPARE_OPS.map((op) => (
                    <option key={op} value={op}>
                      {OP_LABELS[op]}
                    </option>
                  ))}
                </select>
              </label>
              {ind.target && (
                <NumberField
                  label={ind.kind === 'rate' ? '目标值（%）' : '目标值'}
                  value={ind.target.value}
                  onChange={(n) =>
                    n !== null && set(i, { ...ind, target: { ...ind.target!, value: n } })
                  }
                />
              )}
            </div>
            {ind.kind === 'distribution' && (
              <ListField
                label="分布的取值（留空为该列的选项）"
                value={(ind.values ?? []).map(String)}
                onChange={(texts) =>
                  set(
                    i,
                    withKey(
                      ind,
                      'values',
                      texts.length
                        ? distributionValues(
                            texts,
                            columns.find((c) => c.id === ind.col),
                          )
                        : undefined,
                    ),
                  )
                }
              />
            )}
            {thresholds.length > 0 && thresholds.length <= 6 && (
              <div className="field-row thresholds">
                {thresholds.map((t) => (
                  <NumberField
                    key={t.path.join('.')}
                    label={t.label}
                    value={t.value}
                    onChange={(n) => n !== null && set(i, setAtPath(ind, t.path, n))}
                  />
                ))}
              </div>
            )}
            <details className="advanced">
              <summary>高级：条件（JSON）</summary>
              {conditionKeys(ind).map((key) => (
                <JsonField
                  key={key}
                  label={conditionLabel[key]}
                  value={(ind as Record<string, unknown>)[key]}
                  onChange={(v) =>
                    set(
                      i,
                      withKey(
                        ind as Record<string, unknown>,
                        key,
                        v,
                      ) as unknown as IndicatorDefinition,
                    )
                  }
                  issues={issuesUnder(issues, `${path}.${key}`)}
                />
              ))}
            </details>
            <IssueList
              issues={issuesUnder(issues, path).filter(
                (x) => !/^indicators\[\d+\]\.(where|num|den)/.test(x.path),
              )}
            />
            <button
              type="button"
              className="danger"
              onClick={() => onChange(removeItem(indicators, i))}
            >
              删除此指标
            </button>
          </fieldset>
        )
      })}
      <div className="field-row">
        <label className="field">
          <span>添加指标</span>
          <select value={choice} aria-label="添加指标" onChange={(e) => setChoice(e.target.value)}>
            <option value="">空白指标（计数）</option>
            {presets.map((p, n) => (
              <option key={`${p.id}-${n}`} value={String(n)}>
                预设：{p.label}（{p.id}）
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => {
            const taken = indicators.map((x) => x.id)
            const added: IndicatorDefinition =
              choice === ''
                ? { id: freshId('indicator', taken), label: '新指标', kind: 'count' }
                : {
                    ...structuredClone(presets[Number(choice)]!),
                    id: freshId(presets[Number(choice)]!.id, taken),
                  }
            onChange([...indicators, added])
          }}
        >
          添加
        </button>
      </div>
    </div>
  )
}
