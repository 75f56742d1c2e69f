/**
 * @module App
 * The app's frame: the session, and one page per route (SPEC §6.3 paths):
 * `/login`, `/` (home, `?unit=ID`), `/sheets/:id`, `/units/:id/summary`, the reporting
 * rounds' board `/rounds/:id` and compare view `/rounds/:id/compare?with=ID`, and a unit's
 * 整改台账 `/units/:id/rectifications[?item=ID]` (SPEC §9). The outbox sender (photos, 整改情况
 * and transitions made offline) runs for the signed-in person on every page.
 * Without a token every page but login sends the person to `/login?next=…`.
 */
import { lazy, Suspense, useEffect } from 'react'
import { navigate, useRoute } from './hooks/useRoute'
import { SessionProvider, useSession } from './hooks/useSession'
import { HomePage } from './pages/HomePage'
import { LoginPage } from './pages/LoginPage'
import { SheetPage } from './pages/SheetPage'
import { ChangePasswordPage } from './pages/ChangePasswordPage'
import { useOutboxSender } from './outbox/useOutbox'

// `/admin[/:tab]` (admins) and `/password` (SPEC §11); an account that must change its
// password sees only that page. Administration is for few people: its own chunk.
const AdminPage = lazy(() => import('./admin/AdminPage').then((m) => ({ default: m.AdminPage })))

// The summary page (echarts dashboard, exports) is a chunk of its own: opening a sheet
// does not download or parse it.
const SummaryPage = lazy(() =>
  import('./pages/SummaryPage').then((m) => ({ default: m.SummaryPage })),
)

// The rounds' board and compare view load when first opened.
const RoundPage = lazy(() => import('./rounds/RoundPage').then((m) => ({ default: m.RoundPage })))
const ComparePage = lazy(() =>
  import('./rounds/ComparePage').then((m) => ({ default: m.ComparePage })),
)

// The 整改台账 loads when first opened (the service worker precaches its chunk too).
const RectificationsPage = lazy(() =>
  import('./rectify/RectificationsPage').then((m) => ({ default: m.RectificationsPage })),
)

function Pages() {
  const route = useRoute()
  const { token, user, loading, mustChangePassword } = useSession()
  const needsLogin = route.page !== 'login' && !token
  useOutboxSender(token && !mustChangePassword ? user?.id : null)

  useEffect(() => {
    if (needsLogin) {
      const next = location.pathname + location.search
      navigate(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`, {
        replace: true,
      })
    }
  }, [needsLogin])

  if (route.page === 'login') return <LoginPage next={route.next} />
  if (needsLogin) return null
  if (mustChangePassword) return <ChangePasswordPage required />
  if (loading || !user) return <p className="loading muted">正在加载…</p>
  switch (route.page) {
    case 'password':
      return <ChangePasswordPage required={false} />
    case 'admin':
      return (
        <Suspense fallback={<p className="loading muted">正在加载…</p>}>
          <AdminPage tab={route.tab} />
        </Suspense>
      )
    case 'home':
      return <HomePage unitId={route.unitId} />
    case 'sheet':
      return <SheetPage key={route.sheetId} sheetId={route.sheetId} />
    case 'summary':
      return (
        <Suspense fallback={<p className="loading muted">正在加载…</p>}>
          <SummaryPage unitId={route.unitId} />
        </Suspense>
      )
    case 'round':
      return (
        <Suspense fallback={<p className="loading muted">正在加载…</p>}>
          <RoundPage key={route.roundId} roundId={route.roundId} />
        </Suspense>
      )
    case 'rectifications':
      return (
        <Suspense fallback={<p className="loading muted">正在加载…</p>}>
          <RectificationsPage key={route.unitId} unitId={route.unitId} itemId={route.itemId} />
        </Suspense>
      )
    case 'compare':
      return (
        <Suspense fallback={<p className="loading muted">正在加载…</p>}>
          <ComparePage roundId={route.roundId} withId={route.withId} />
        </Suspense>
      )
    default:
      return (
        <main className="card notfound">
          <h1>页面不存在</h1>
          <button type="button" onClick={() => navigate('/')}>
            返回首页
          </button>
        </main>
      )
  }
}

export function App() {
  return (
    <SessionProvider>
      <Pages />
    </SessionProvider>
  )
}
