/**
 * @module hooks/useRoute
 * A tiny router for the app's pages (SPEC §6.3: `/sheets/:id`, `/units/:id/summary`; §9:
 * `/units/:id/rectifications`, `?item=ID` opens one item):
 * `matchRoute` is pure, `navigate` pushes history, `useRoute` re-renders on changes.
 */
import { useSyncExternalStore } from 'react'

export type Route =
  | { page: 'login'; next: string | null }
  | { page: 'admin'; tab: string | null }
  | { page: 'password' }
  | { page: 'home'; unitId: string | null }
  | { page: 'sheet'; sheetId: string }
  | { page: 'summary'; unitId: string }
  | { page: 'rectifications'; unitId: string; itemId: string | null }
  | { page: 'round'; roundId: string }
  | { page: 'compare'; roundId: string; withId: string }
  | { page: 'notFound' }

export function matchRoute(pathname: string, search = ''): Route {
  const params = new URLSearchParams(search)
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent)
  if (parts.length === 0) return { page: 'home', unitId: params.get('unit') }
  if (parts[0] === 'admin' && parts.length <= 2) return { page: 'admin', tab: parts[1] ?? null }
  if (parts[0] === 'password' && parts.length === 1) return { page: 'password' }
  if (parts[0] === 'login' && parts.length === 1) return { page: 'login', next: params.get('next') }
  if (parts[0] === 'sheets' && parts.length === 2) return { page: 'sheet', sheetId: parts[1]! }
  if (parts[0] === 'rounds' && parts.length === 2) return { page: 'round', roundId: parts[1]! }
  if (parts[0] === 'rounds' && parts[2] === 'compare' && parts.length === 3) {
    return { page: 'compare', roundId: parts[1]!, withId: params.get('with') ?? '' }
  }
  if (parts[0] === 'units' && parts[2] === 'summary' && parts.length === 3) {
    return { page: 'summary', unitId: parts[1]! }
  }
  if (parts[0] === 'units' && parts[2] === 'rectifications' && parts.length === 3) {
    return { page: 'rectifications', unitId: parts[1]!, itemId: params.get('item') }
  }
  return { page: 'notFound' }
}

const listeners = new Set<() => void>()
const notify = () => listeners.forEach((l) => l())
window.addEventListener('popstate', notify)

export function navigate(to: string, { replace = false } = {}): void {
  if (to === location.pathname + location.search) return
  if (replace) history.replaceState(null, '', to)
  else history.pushState(null, '', to)
  notify()
}

const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
const snapshot = () => location.pathname + location.search

export function useRoute(): Route {
  const href = useSyncExternalStore(subscribe, snapshot)
  const [pathname, search = ''] = href.split('?')
  return matchRoute(pathname!, search ? `?${search}` : '')
}

export const sheetHref = (id: string) => `/sheets/${encodeURIComponent(id)}`
export const summaryHref = (unitId: string) => `/units/${encodeURIComponent(unitId)}/summary`
export const rectificationsHref = (unitId: string, itemId?: string | null) =>
  `/units/${encodeURIComponent(unitId)}/rectifications${
    itemId ? `?item=${encodeURIComponent(itemId)}` : ''
  }`
