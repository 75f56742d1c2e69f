/**
 * @module api/session
 * Where the bearer token lives between page loads (localStorage, so every tab of the
 * origin shares one sign-in). The signed-in user record itself is cached in IndexedDB
 * by `sync/localStore` so the app can open offline.
 */
const TOKEN_KEY = 'taizhang.token'

export function getToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY)
  } catch {
    return null
  }
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token)
  else localStorage.removeItem(TOKEN_KEY)
}
