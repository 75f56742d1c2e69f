/**
 * @module admin/templates/ScoringEditor
 * A 评分表's criteria (评分标准: id, label, category, max points) and grade bands (等次: a total
 * ≥ min gets the grade, highest first) with the grade from which no 整改 is needed
 * (`rectificationFreeGrade`), SPEC §2.2 and §7.
 */
import type { Criterion, DefinitionIssue, GradeBand, ScoringDefinition } from '@taizhang/schema'
import { freshId, moveItem, readId, removeItem, replaceItem } from './draft'
import { IssueList, NumberField } from './fields'
import { issuesUnder } from './issues'

export function ScoringEditor({
  definition,
  onChange,
  issues,
  takenIds,
}: {
  definition: ScoringDefinition
  onChange(definition: ScoringDefinition): void
  issues: readonly DefinitionIssue[]
  takenIds: readonly string[]
}) {
  const { criteria, grades } = definition
  const setCriteria = (next: Criterion[]) => onChange({ ...definition, criteria: next })
  const setGrades = (next: GradeBand[]) => onChange({ ...definition, grades: next })
  const total = criteria.reduce((sum, c) => sum + c.max, 0)
  return (
    <div className="scoring-editor">
      <h3>评分标准（满分合计 {total} 分）</h3>
      {criteria.map((c, i) => (
        <div key={i} className="field-row item-line" data-criterion-id={c.id}>
          <label className="field">
            <span>标识</span>
            <input
              className="mono"
              value={c.id}
              aria-label="标准标识"
              onChange={(e) =>
                setCriteria(replaceItem(criteria, i, { ...c, id: readId(e.target.value) }))
              }
            />
          </label>
          <label className="field">
            <span>评分项</span>
            <input
              value={c.label}
              aria-label="评分项"
              onChange={(e) =>
                setCriteria(replaceItem(criteria, i, { ...c, label: e.target.value }))
              }
            />
          </label>
          <label className="field">
            <span>类别</span>
            <input
              value={c.group}
              aria-label="类别"
              onChange={(e) =>
                setCriteria(replaceItem(criteria, i, { ...c, group: e.target.value }))
              }
            />
          </label>
          <NumberField
            label="分值"
            value={c.max}
            onChange={(n) => setCriteria(replaceItem(criteria, i, { ...c, max: n ?? 0 }))}
          />
          <button
            type="button"
            disabled={i === 0}
            onClick={() => setCriteria(moveItem(criteria, i, -1))}
          >
            上移
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => setCriteria(removeItem(criteria, i))}
          >
            删除
          </button>
          <IssueList issues={issuesUnder(issues, `criteria[${i}]`)} />
        </div>
      ))}
      <button
        type="button"
        onClick={() =>
          setCriteria([
            ...criteria,
            {
              id: freshId('criterion', takenIds),
              label: '新评分项',
              group: criteria.at(-1)?.group ?? '其他',
              max: 5,
            },
          ])
        }
      >
        添加评分项
      </button>
      <h3>等次</h3>
      {grades.map((g, i) => (
        <div key={i} className="field-row item-line">
          <label className="field">
            <span>等次</span>
            <input
              value={g.grade}
              aria-label="等次"
              onChange={(e) => setGrades(replaceItem(grades, i, { ...g, grade: e.target.value }))}
            />
          </label>
          <NumberField
            label="总分不低于"
            value={g.min}
            onChange={(n) => setGrades(replaceItem(grades, i, { ...g, min: n ?? 0 }))}
          />
          <button type="button" className="danger" onClick={() => setGrades(removeItem(grades, i))}>
            删除
          </button>
          <IssueList issues={issuesUnder(issues, `grades[${i}]`)} />
        </div>
      ))}
      <button type="button" onClick={() => setGrades([...grades, { grade: '新等次', min: 0 }])}>
        添加等次
      </button>
      <label className="field">
        <span>达到此等次及以上无需整改</span>
        <select
          value={definition.rectificationFreeGrade}
          aria-label="无需整改的等次"
          onChange={(e) => onChange({ ...definition, rectificationFreeGrade: e.target.value })}
        >
          {grades.map((g) => (
            <option key={g.grade} value={g.grade}>
              {g.grade}
            </option>
          ))}
        </select>
      </label>
      <IssueList
        issues={[
          ...issuesUnder(issues, 'grades'),
          ...issuesUnder(issues, 'rectificationFreeGrade'),
        ].filter((i) => !/^grades\[/.test(i.path))}
      />
    </div>
  )
}
