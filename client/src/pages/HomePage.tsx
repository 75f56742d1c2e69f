/**
 * @module pages/HomePage
 * 首页: first the 待办 (SPEC §8, rounds/TasksPanel), then the unit tree the person may see,
 * the sheets of the chosen unit with their status badges, links to its 汇总 and 整改台账, its
 * reporting rounds (and 发布报送任务, rounds/RoundsPanel), and 新建表格 from a template. The lists come from the server when it
 * can be reached and from IndexedDB otherwise, so home opens offline.
 */
import { rolesAt, UNIT_LEVEL_LABELS, UnitTree, type SheetInfo, type Unit } from '@taizhang/schema'
import { useMemo, useState } from 'react'
import { errorMessage } from '../api/client'
import { createSheet, fetchSheets, fetchUnits } from '../api/endpoints'
import { StatusBadge } from '../components/StatusBadge'
import { useCachedQuery } from '../hooks/useCachedQuery'
import { navigate, rectificationsHref, sheetHref, summaryHref } from '../hooks/useRoute'
import { useSession } from '../hooks/useSession'
import { useTemplates } from '../hooks/useTemplates'
import type { TemplateSummary } from '../templates/templateApi'
import { templateChoices, templateName } from '../templates/templateChoices'
import { cacheKeys, setCached } from '../sync/localStore'
import { RoundsPanel } from '../rounds/RoundsPanel'
import { TasksPanel } from '../rounds/TasksPanel'
import '../rounds/rounds.css'

interface TreeNode {
  unit: Unit
  children: TreeNode[]
}

function buildTree(units: Unit[]): TreeNode[] {
  const nodes = new Map(units.map((u) => [u.id, { unit: u, children: [] as TreeNode[] }]))
  const roots: TreeNode[] = []
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

function UnitTreeNav({ nodes, selected }: { nodes: TreeNode[]; selected: string | null }) {
  return (
    <ul className="tree">
      {nodes.map(({ unit, children }) => (
        <li key={unit.id}>
          {unit.pathOnly ? (
            <span className="tree-item muted">{unit.name}</span>
          ) : (
            <a
              href={`/?unit=${encodeURIComponent(unit.id)}`}
              className={unit.id === selected ? 'tree-item selected' : 'tree-item'}
              data-unit-id={unit.id}
              onClick={(e) => {
                e.preventDefault()
                navigate(`/?unit=${encodeURIComponent(unit.id)}`)
              }}
            >
              {unit.name}
              <span className="muted small"> {UNIT_LEVEL_LABELS[unit.level] ?? ''}</span>
              {unit.archived && <span className="muted small">（已归档）</span>}
            </a>
          )}
          {children.length > 0 && <UnitTreeNav nodes={children} selected={selected} />}
        </li>
      ))}
    </ul>
  )
}

function CreateSheet({
  unitId,
  templates,
  onCreated,
}: {
  unitId: string
  templates: TemplateSummary[] | undefined
  onCreated: (id: string) => void
}) {
  const [template, setTemplate] = useState('ledger')
  const choices = templateChoices(templates)
  const [title, setTitle] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <form
      className="create-sheet"
      onSubmit={async (e) => {
        e.preventDefault()
        setBusy(true)
        setError(null)
        try {
          const name =
            title.trim() ||
            `${templateName(template, templates)} ${new Date().toLocaleDateString('zh-CN')}`
          const { id } = await createSheet(unitId, template, name)
          onCreated(id)
        } catch (failure) {
          setError(errorMessage(failure))
        } finally {
          setBusy(false)
        }
      }}
    >
      <select
        name="template"
        value={template}
        onChange={(e) => setTemplate(e.target.value)}
        aria-label="模板"
      >
        {choices.map((t) => (
          <option key={t.id} value={t.id}>
            {t.builtIn ? t.name : `${t.name}（第${t.version}版）`}
          </option>
        ))}
      </select>
      <input
        name="title"
        placeholder="表格名称"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        aria-label="表格名称"
      />
      <button type="submit" className="primary" disabled={busy}>
        新建表格
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </form>
  )
}

export function HomePage({ unitId }: { unitId: string | null }) {
  const { user, logout, logoutEverywhere } = useSession()
  const [signOutError, setSignOutError] = useState<string | null>(null)
  const units = useCachedQuery<Unit[]>(cacheKeys.units, fetchUnits)
  const templates = useTemplates()
  const list = units.data ?? []
  const tree = useMemo(() => buildTree(list), [list])
  const selected = unitId ?? list.find((u) => !u.pathOnly)?.id ?? null
  const selectedUnit = list.find((u) => u.id === selected)
  const sheets = useCachedQuery<SheetInfo[]>(
    selected ? cacheKeys.sheets(selected) : null,
    async () => {
      const answer = await fetchSheets(selected!)
      // Each listed sheet opens offline later: keep its metadata too.
      await Promise.all(answer.map((s) => setCached(cacheKeys.sheet(s.id), s)))
      return answer
    },
  )
  const unitTree = useMemo(() => new UnitTree(list), [list])
  const roles = user && selected ? rolesAt(unitTree, user, selected) : new Set()
  // an archived unit (the server marks everything below one too) takes no new work (SPEC §11)
  const canCreate =
    !selectedUnit?.archived &&
    (roles.has('admin') || roles.has('lead') || roles.has('consolidator'))

  return (
    <div className="home">
      <header className="topbar">
        <h1>台账</h1>
        {(units.offline || sheets.offline) && <span className="conn conn-offline">离线</span>}
        <span className="spacer" />
        <span className="muted">{user?.displayName}</span>
        <button type="button" onClick={() => void logout().then(() => navigate('/login'))}>
          退出
        </button>
        <button
          type="button"
          title="结束本账号在所有电脑和手机上的登录"
          onClick={() => {
            setSignOutError(null)
            logoutEverywhere().then(
              () => navigate('/login'),
              (error: unknown) => setSignOutError(errorMessage(error)),
            )
          }}
        >
          在所有设备上退出
        </button>
        {signOutError && (
          <span className="error" role="alert">
            {signOutError}
          </span>
        )}
      </header>
      <TasksPanel />
      <div className="home-body">
        <nav className="units card" aria-label="组织树">
          <h2>组织树</h2>
          {/* administration (SPEC §11): admins only; everyone may change its password */}
          <p className="small home-admin-links">
            {(user?.isAdmin || user?.grants?.some((g) => g.role === 'admin')) && (
              <a
                href="/admin"
                className="admin-link"
                onClick={(e) => {
                  e.preventDefault()
                  navigate('/admin')
                }}
              >
                管理
              </a>
            )}{' '}
            <a
              href="/password"
              onClick={(e) => {
                e.preventDefault()
                navigate('/password')
              }}
            >
              修改密码
            </a>
          </p>
          {units.error && <p className="error">{units.error}</p>}
          {units.loading && list.length === 0 && <p className="muted">正在读取…</p>}
          {!units.loading && list.length === 0 && !units.error && (
            <p className="muted">
              {units.offline ? '离线，且本机没有保存组织树。' : '没有可查看的单位。'}
            </p>
          )}
          <UnitTreeNav nodes={tree} selected={selected} />
        </nav>
        <main className="sheets card">
          <div className="sheets-head">
            <h2>{selectedUnit?.name ?? '表格'}</h2>
            {selected && (
              <a
                href={summaryHref(selected)}
                onClick={(e) => {
                  e.preventDefault()
                  navigate(summaryHref(selected))
                }}
              >
                汇总
              </a>
            )}
            {selected && (
              <a
                href={rectificationsHref(selected)}
                onClick={(e) => {
                  e.preventDefault()
                  navigate(rectificationsHref(selected))
                }}
              >
                整改台账
              </a>
            )}
          </div>
          {selected && canCreate && !sheets.offline && (
            <CreateSheet
              unitId={selected}
              templates={templates.data}
              onCreated={(id) => navigate(sheetHref(id))}
            />
          )}
          {selectedUnit && !selectedUnit.pathOnly && (
            <RoundsPanel unit={selectedUnit} units={list} />
          )}
          {sheets.error && <p className="error">{sheets.error}</p>}
          {sheets.data && sheets.data.length === 0 && <p className="muted">本单位还没有表格。</p>}
          <ul className="sheet-list">
            {(sheets.data ?? []).map((s) => (
              <li key={s.id}>
                <a
                  href={sheetHref(s.id)}
                  data-sheet-id={s.id}
                  onClick={(e) => {
                    e.preventDefault()
                    navigate(sheetHref(s.id))
                  }}
                >
                  <span className="sheet-title">{s.title}</span>
                  <span className="muted small">{templateName(s.template, templates.data)}</span>
                  <StatusBadge status={s.status} />
                </a>
              </li>
            ))}
          </ul>
        </main>
      </div>
    </div>
  )
}
