/**
 * @module hooks/useSession
 * The signed-in person for the whole app. The token sits in localStorage, the user
 * record in IndexedDB (`cache.user`), so a reload with no network still knows who is
 * signed in; `/api/me` refreshes it whenever the server can be reached. A 401 from any
 * call signs out. `mustChangePassword` (SPEC §11): the login answer or a 403
 * `password-change-required` says the account must choose a new password first; it is kept in
 * localStorage across reloads until `passwordChanged()`.
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
import { ApiError, onUnauthorized } from '../api/client'
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
  /** The account must choose a new password before anything else (SPEC §11). */
  mustChangePassword: boolean
  /** After `POST /api/me/password`: lift the gate and read the user again. */
  passwordChanged(): void
}

const MUST_CHANGE_KEY = 'taizhang.mustChangePassword'
const readMustChange = () => {
  try {
    return localStorage.getItem(MUST_CHANGE_KEY) === '1'
  } catch {
    return false
  }
}
const writeMustChange = (value: boolean) => {
  try {
    if (value) localStorage.setItem(MUST_CHANGE_KEY, '1')
    else localStorage.removeItem(MUST_CHANGE_KEY)
  } catch {
    // private mode: the server's 403 tells us again
  }
}

const SessionContext = createContext<Session | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setTokenState] = useState<string | null>(() => getToken())
  const [user, setUser] = useState<User | null>(null)
  const [loading, setLoading] = useState(true)
  const [mustChangePassword, setMustChange] = useState(readMustChange)
  const [generation, setGeneration] = useState(0)
  const needPasswordChange = useCallback((value: boolean) => {
    writeMustChange(value)
    setMustChange(value)
  }, [])

  const clear = useCallback(() => {
    setToken(null)
    setTokenState(null)
    setUser(null)
    writeMustChange(false)
    setMustChange(false)
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
      (failure: unknown) => {
        // Offline: keep the cached user. A 401 has already signed out via onUnauthorized.
        if (
          !cancelled &&
          failure instanceof ApiError &&
          failure.code === 'password-change-required'
        ) {
          needPasswordChange(true)
        }
      },
    )
    return () => {
      cancelled = true
    }
  }, [token, generation, needPasswordChange])

  const login = useCallback(
    async (username: string, password: string) => {
      const answer = await apiLogin(username, password)
      setToken(answer.token)
      needPasswordChange(answer.mustChangePassword === true)
      await setCached(cacheKeys.user, answer.user)
      setUser(answer.user)
      setTokenState(answer.token)
    },
    [needPasswordChange],
  )

  const passwordChanged = useCallback(() => {
    needPasswordChange(false)
    setGeneration((g) => g + 1)
  }, [needPasswordChange])

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
    () => ({
      user,
      token,
      loading,
      login,
      logout,
      logoutEverywhere,
      mustChangePassword,
      passwordChanged,
    }),
    [user, token, loading, login, logout, logoutEverywhere, mustChangePassword, passwordChanged],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside SessionProvider')
  return session
}
