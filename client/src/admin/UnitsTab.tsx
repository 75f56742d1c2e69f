/**
 * @module admin/UnitsTab
 * 组织机构 (SPEC §11): the unit tree the admin administers, with 新建下级, 重命名, 移动 and 归档
 * per unit (only where the admin may: `canAdminister`), archived units greyed and marked, and
 * the units import with its preview table.
 */
import {
  canAdminister,
  UNIT_LEVEL_LABELS,
  UNIT_LEVELS,
  type Unit,
  type UnitLevel,
  type UnitTree,
} from '@taizhang/schema'
import { useMemo, useState } from 'react'
import { errorMessage } from '../api/client'
import { Dialog } from '../components/Dialog'
import { DialogFooter } from '../components/DialogFooter'
import { useSession } from '../hooks/useSession'
import { archiveUnit, createUnit, patchUnit } from './adminApi'
import { ImportPanel } from './ImportPanel'
import type { AdminTabProps } from './tabProps'
import { unitPathText, useUnits } from './useAdminData'

type Action =
  | { kind: 'rename'; unit: Unit }
  | { kind: 'move'; unit: Unit }
  | { kind: 'add'; parent: Unit }
  | { kind: 'archive'; unit: Unit }

interface Node {
  unit: Unit
  children: Node[]
}

function buildNodes(units: readonly Unit[]): Node[] {
  const nodes = new Map(units.map((u) => [u.id, { unit: u, children: [] as Node[] }]))
  const roots: Node[] = []
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

export default function UnitsTab({ onChanged }: AdminTabProps) {
  const { user } = useSession()
  const { units, tree, error, reload } = useUnits()
  const [action, setAction] = useState<Action | null>(null)
  const [showArchived, setShowArchived] = useState(true)
  const [showImport, setShowImport] = useState(false)
  const nodes = useMemo(
    () => buildNodes(showArchived ? units : units.filter((u) => !u.archived)),
    [units, showArchived],
  )
  const may = (unitId: string | null) => (user ? canAdminister(tree, user, unitId) : false)
  const changed = () => {
    reload()
    onChanged?.()
  }

  return (
    <section className="card admin-section" aria-label="组织机构">
      <div className="admin-head">
        <h2>组织机构</h2>
        <span className="spacer" />
        <label className="small">
          <input
            type="checkbox"
            checked={showArchived}
            onChange={(e) => setShowArchived(e.target.checked)}
          />{' '}
          显示已归档
        </label>
        <button type="button" onClick={() => setShowImport((v) => !v)} aria-expanded={showImport}>
          导入单位
        </button>
      </div>
      {showImport && <ImportPanel kind="units" onImported={changed} />}
      {error && <p className="error">{error}</p>}
      <ul className="admin-tree" aria-label="单位树">
        {nodes.map((n) => (
          <UnitNode key={n.unit.id} node={n} may={may} onAction={setAction} />
        ))}
      </ul>
      {action && (
        <UnitDialog
          action={action}
          tree={tree}
          units={units}
          may={may}
          onClose={() => setAction(null)}
          onDone={() => {
            setAction(null)
            changed()
          }}
        />
      )}
    </section>
  )
}

function UnitNode({
  node,
  may,
  onAction,
}: {
  node: Node
  may: (id: string | null) => boolean
  onAction: (a: Action) => void
}) {
  const { unit } = node
  const mine = !unit.pathOnly && may(unit.id)
  return (
    <li>
      <div
        className={unit.archived ? 'admin-unit archived' : 'admin-unit'}
        data-unit-id={unit.id}
        data-unit-name={unit.name}
      >
        <span className="admin-unit-name">{unit.name}</span>
        <span className="muted small">{UNIT_LEVEL_LABELS[unit.level]}</span>
        {unit.archived && <span className="badge badge-archived">已归档</span>}
        {mine && (
          <span className="admin-unit-actions">
            {!unit.archived && unit.level !== 'grid' && (
              <button
                type="button"
                className="small"
                onClick={() => onAction({ kind: 'add', parent: unit })}
              >
                新建下级
              </button>
            )}
            <button
              type="button"
              className="small"
              onClick={() => onAction({ kind: 'rename', unit })}
            >
              重命名
            </button>
            {unit.parentId !== null && !unit.archived && (
              <button
                type="button"
                className="small"
                onClick={() => onAction({ kind: 'move', unit })}
              >
                移动
              </button>
            )}
            {!unit.archived && may(unit.parentId) && (
              <button
                type="button"
                className="small danger"
                onClick={() => onAction({ kind: 'archive', unit })}
              >
                归档
              </button>
            )}
          </span>
        )}
      </div>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <UnitNode key={c.unit.id} node={c} may={may} onAction={onAction} />
          ))}
        </ul>
      )}
    </li>
  )
}

function UnitDialog({
  action,
  tree,
  units,
  may,
  onClose,
  onDone,
}: {
  action: Action
  tree: UnitTree<Unit>
  units: readonly Unit[]
  may: (id: string | null) => boolean
  onClose: () => void
  onDone: () => void
}) {
  const unit = action.kind === 'add' ? action.parent : action.unit
  const below = UNIT_LEVELS.slice(UNIT_LEVELS.indexOf(unit.level) + 1)
  const [name, setName] = useState(action.kind === 'rename' ? unit.name : '')
  const [level, setLevel] = useState<UnitLevel>(below[0] ?? 'grid')
  const [parentId, setParentId] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // where a unit may go: a unit of a higher level the admin administers, not archived, not
  // the unit itself or below it
  const targets = useMemo(() => {
    if (action.kind !== 'move') return []
    const inside = new Set(tree.subtree(unit.id).map((u) => u.id))
    return units.filter(
      (u) =>
        !u.pathOnly &&
        !u.archived &&
        !inside.has(u.id) &&
        u.id !== unit.parentId &&
        UNIT_LEVELS.indexOf(u.level) < UNIT_LEVELS.indexOf(unit.level) &&
        may(u.id),
    )
  }, [action.kind, tree, units, unit, may])
  const title =
    action.kind === 'add'
      ? `在“${unit.name}”下新建单位`
      : action.kind === 'rename'
        ? `重命名“${unit.name}”`
        : action.kind === 'move'
          ? `移动“${unit.name}”`
          : `归档“${unit.name}”`

  const submit = async () => {
    setBusy(true)
    setError(null)
    try {
      if (action.kind === 'add') await createUnit(name.trim(), unit.id, level)
      if (action.kind === 'rename') await patchUnit(unit.id, { name: name.trim() })
      if (action.kind === 'move') await patchUnit(unit.id, { parentId })
      if (action.kind === 'archive') await archiveUnit(unit.id)
      onDone()
    } catch (failure) {
      setError(errorMessage(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog title={title} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        {(action.kind === 'add' || action.kind === 'rename') && (
          <label>
            名称
            <input
              name="unit-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              autoFocus
            />
          </label>
        )}
        {action.kind === 'add' && (
          <label>
            层级
            <select
              name="unit-level"
              value={level}
              onChange={(e) => setLevel(e.target.value as UnitLevel)}
            >
              {below.map((l) => (
                <option key={l} value={l}>
                  {UNIT_LEVEL_LABELS[l]}
                </option>
              ))}
            </select>
          </label>
        )}
        {action.kind === 'move' && (
          <label>
            移动到
            <select
              name="unit-parent"
              value={parentId}
              onChange={(e) => setParentId(e.target.value)}
              required
            >
              <option value="">请选择上级单位</option>
              {targets.map((u) => (
                <option key={u.id} value={u.id}>
                  {unitPathText(tree, u.id)}
                </option>
              ))}
            </select>
          </label>
        )}
        {action.kind === 'archive' && (
          <p>
            归档后，“{unit.name}
            ”及其下级单位不再出现在选择列表中，也不能新建表格或授权；已有表格仍可查阅，汇总中已审核的数据保留。
          </p>
        )}
        <DialogFooter
          error={error}
          confirm={action.kind === 'archive' ? '确认归档' : '保存'}
          danger={action.kind === 'archive'}
          disabled={busy}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  )
}
