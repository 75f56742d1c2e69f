/**
 * @module hooks/useSession
 * The signed-in person for the whole app. The token sits in localStorage, the user
 * record in IndexedDB (`cache.user`), so a reload with no network still knows who is
 * signed in; `/api/me` refreshes it whenever the server can be reached. A 401 from any
 * call signs out.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react'
import { onUnauthorized } from '../api/client'
import {
  fetchMe,
  login as apiLogin,
  logout as apiLogout,
  logoutEverywhere as apiLogoutEverywhere,
} from '../api/endpoints'
import { getToken, setToken } from '../api/session'
import type { User } from '@taizhang/schema'
import { cacheKeys, deleteCached, getCached, setCached } from '../sync/localStore'

export interface Session {
  user: User | null
  token: string | null
  /** True until the cached user has been read. */
  loading: boolean
  login(username: string, password: string): Promise<void>
  logout(): Promise<void>
  /** Ends every session of this user on every device; rejects (and keeps this one) offline. */
  logoutEverywhere(): Promise<void>
}

const SessionContext = createContext<Session | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setTokenState] = useState<string | null>(() => getToken())
  const [user, setUser] = useState<User | null>(null)
  const [loading, setLoading] = useState(true)

  const clear = useCallback(() => {
    setToken(null)
    setTokenState(null)
    setUser(null)
    void deleteCached(cacheKeys.user)
  }, [])

  useEffect(() => onUnauthorized(clear), [clear])

  useEffect(() => {
    let cancelled = false
    if (!token) {
      setLoading(false)
      return
    }
    void getCached<User>(cacheKeys.user).then((cached) => {
      if (cancelled) return
      if (cached) setUser(cached)
      setLoading(false)
    })
    fetchMe().then(
      (fresh) => {
        if (cancelled) return
        setUser(fresh)
        void setCached(cacheKeys.user, fresh)
      },
      () => {
        // Offline: keep the cached user. A 401 has already signed out via onUnauthorized.
      },
    )
    return () => {
      cancelled = true
    }
  }, [token])

  const login = useCallback(async (username: string, password: string) => {
    const answer = await apiLogin(username, password)
    setToken(answer.token)
    await setCached(cacheKeys.user, answer.user)
    setUser(answer.user)
    setTokenState(answer.token)
  }, [])

  const logout = useCallback(async () => {
    try {
      await apiLogout()
    } catch {
      // Offline or already expired: forgetting the token locally is what matters.
    }
    clear()
  }, [clear])

  const logoutEverywhere = useCallback(async () => {
    // unlike logout, this must reach the server: the other devices are signed out there
    await apiLogoutEverywhere()
    clear()
  }, [clear])

  const value = useMemo(
    () => ({ user, token, loading, login, logout, logoutEverywhere }),
    [user, token, loading, login, logout, logoutEverywhere],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside SessionProvider')
  return session
}
