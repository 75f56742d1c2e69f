/**
 * @module admin/templates/ColumnsEditor
 * The columns of a draft (SPEC §7): add, reorder (上移/下移), remove, and per column its id,
 * label (列名), group (分组表头), type, options, required, min/max, width, pinned (固定在左侧)
 * and carry (下期沿用). Used for a ledger's `columns` and a 评分表's `leading`/`trailing`;
 * each column shows the issues under its path.
 */
import type { Column, ColumnType, DefinitionIssue } from '@taizhang/schema'
import { moveItem, newColumn, readId, removeItem, replaceItem, withKey } from './draft'
import { IssueList, ListField, NumberField } from './fields'
import { issuesUnder } from './issues'

export const TYPE_LABELS: Record<ColumnType, string> = {
  text: '文本',
  longText: '长文本',
  integer: '整数',
  money: '金额（元）',
  option: '选项',
  yesno: '是/否',
  date: '日期',
  creditCode: '统一社会信用代码',
  phone: '联系电话',
  score: '分数',
  computed: '自动计算',
  attachment: '附件',
}

const NUMERIC = new Set<ColumnType>(['integer', 'money', 'score'])

export function ColumnsEditor({
  columns,
  onChange,
  issues,
  path,
  takenIds,
}: {
  columns: readonly Column[]
  onChange(columns: Column[]): void
  issues: readonly DefinitionIssue[]
  /** Where these columns sit in the definition: `columns`, `leading` or `trailing`. */
  path: string
  /** Every column id of the draft, so a new one gets a fresh id. */
  takenIds: readonly string[]
}) {
  const set = (i: number, column: Column) => onChange(replaceItem(columns, i, column))
  return (
    <div className="columns-editor">
      {columns.map((c, i) => (
        <fieldset key={i} className="item-card" data-column-id={c.id}>
          <legend>
            第 {i + 1} 列 · {c.label}
          </legend>
          <div className="field-row">
            <label className="field">
              <span>列标识</span>
              <input
                className="mono"
                value={c.id}
                aria-label="列标识"
                onChange={(e) => set(i, { ...c, id: readId(e.target.value) })}
              />
            </label>
            <label className="field">
              <span>列名</span>
              <input
                value={c.label}
                aria-label="列名"
                onChange={(e) => set(i, { ...c, label: e.target.value })}
              />
            </label>
            <label className="field">
              <span>分组表头</span>
              <input
                value={c.group ?? ''}
                aria-label="分组表头"
                placeholder="（无）"
                onChange={(e) => set(i, withKey(c, 'group', e.target.value.trim() || undefined))}
              />
            </label>
            <label className="field">
              <span>类型</span>
              <select
                value={c.type}
                aria-label="类型"
                onChange={(e) => set(i, { ...c, type: e.target.value as ColumnType })}
              >
                {Object.entries(TYPE_LABELS).map(([t, label]) => (
                  <option key={t} value={t}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="field-row">
            <label className="check">
              <input
                type="checkbox"
                checked={c.required === true}
                onChange={(e) => set(i, withKey(c, 'required', e.target.checked || undefined))}
              />
              必填
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={c.pinned === true}
                onChange={(e) => set(i, withKey(c, 'pinned', e.target.checked || undefined))}
              />
              固定在左侧
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={c.carry !== false}
                onChange={(e) => set(i, withKey(c, 'carry', e.target.checked ? undefined : false))}
              />
              下期沿用
            </label>
            {NUMERIC.has(c.type) && (
              <>
                <NumberField
                  label="最小值"
                  value={c.min}
                  onChange={(n) => set(i, withKey(c, 'min', n ?? undefined))}
                />
                <NumberField
                  label="最大值"
                  value={c.max}
                  onChange={(n) => set(i, withKey(c, 'max', n ?? undefined))}
                />
              </>
            )}
            <NumberField
              label="列宽（字）"
              value={c.width}
              onChange={(n) => set(i, withKey(c, 'width', n === null ? undefined : Math.round(n)))}
            />
          </div>
          {c.type === 'option' && (
            <ListField
              label="选项"
              value={c.options}
              onChange={(options) => set(i, withKey(c, 'options', options))}
            />
          )}
          <div className="admin-actions">
            <button
              type="button"
              disabled={i === 0}
              onClick={() => onChange(moveItem(columns, i, -1))}
            >
              上移
            </button>
            <button
              type="button"
              disabled={i === columns.length - 1}
              onClick={() => onChange(moveItem(columns, i, 1))}
            >
              下移
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => onChange(removeItem(columns, i))}
            >
              删除此列
            </button>
          </div>
          <IssueList issues={issuesUnder(issues, `${path}[${i}]`)} />
        </fieldset>
      ))}
      <button type="button" onClick={() => onChange([...columns, newColumn(takenIds)])}>
        添加列
      </button>
    </div>
  )
}
