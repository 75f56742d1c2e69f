/**
 * @module admin/AdminPage
 * `/admin[/:tab]` (SPEC §11): the administration of the units and people below the admin,
 * one tab per entry of `tabs.ts` (组织机构, 用户, 表样, 审计日志), each loaded on first use.
 * Only admins reach it (the home page shows the link to them alone); anyone else who types
 * the address is told so.
 */
import { lazy, Suspense, useMemo, type ComponentType } from 'react'
import { navigate } from '../hooks/useRoute'
import { useSession } from '../hooks/useSession'
import { isAdminUser } from './isAdminUser'
import type { AdminTabProps } from './tabProps'
import { ADMIN_TABS } from './tabs'
import './admin.css'

const loaded = new Map<string, ComponentType<AdminTabProps>>()
function tabComponent(id: string): ComponentType<AdminTabProps> {
  let component = loaded.get(id)
  if (!component) {
    const tab = ADMIN_TABS.find((t) => t.id === id)!
    component = lazy(tab.load)
    loaded.set(id, component)
  }
  return component
}

export function AdminPage({ tab }: { tab: string | null }) {
  const { user, logout } = useSession()
  const tabs = useMemo(() => ADMIN_TABS.filter((t) => !t.treeAdminOnly || user?.isAdmin), [user])
  if (!user || !isAdminUser(user)) {
    return (
      <main className="card notfound">
        <h1>没有权限</h1>
        <p className="muted">只有管理员可以进入管理页面。</p>
        <button type="button" onClick={() => navigate('/')}>
          返回首页
        </button>
      </main>
    )
  }
  const current = tabs.find((t) => t.id === tab) ?? tabs[0]!
  const Tab = tabComponent(current.id)
  return (
    <div className="admin-page">
      <header className="topbar">
        <h1>台账</h1>
        <a
          href="/"
          onClick={(e) => {
            e.preventDefault()
            navigate('/')
          }}
        >
          返回首页
        </a>
        <span className="spacer" />
        <span className="muted">{user.displayName}</span>
        <button type="button" onClick={() => void logout().then(() => navigate('/login'))}>
          退出
        </button>
      </header>
      <nav className="admin-tabs" role="tablist" aria-label="管理">
        {tabs.map((t) => (
          <a
            key={t.id}
            role="tab"
            aria-selected={t.id === current.id}
            className={t.id === current.id ? 'admin-tab selected' : 'admin-tab'}
            href={`/admin/${t.id}`}
            onClick={(e) => {
              e.preventDefault()
              navigate(`/admin/${t.id}`)
            }}
          >
            {t.label}
          </a>
        ))}
      </nav>
      <main className="admin-body" role="tabpanel">
        <Suspense fallback={<p className="loading muted">正在加载…</p>}>
          <Tab key={current.id} />
        </Suspense>
      </main>
    </div>
  )
}
