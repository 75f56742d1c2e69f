/**
 * @module pages/LoginPage
 * 登录: username and password, then back to where the person was going.
 */
import { useState } from 'react'
import { errorMessage } from '../api/client'
import { navigate } from '../hooks/useRoute'
import { useSession } from '../hooks/useSession'

export function LoginPage({ next }: { next: string | null }) {
  const { login } = useSession()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <main className="login">
      <form
        className="form card"
        onSubmit={async (e) => {
          e.preventDefault()
          setBusy(true)
          setError(null)
          try {
            await login(username.trim(), password)
            navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', {
              replace: true,
            })
          } catch (failure) {
            setError(errorMessage(failure))
          } finally {
            setBusy(false)
          }
        }}
      >
        <h1>台账</h1>
        <p className="muted">两新组织党建台账协同填报</p>
        <label>
          用户名
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label>
          密码
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? '正在登录…' : '登录'}
        </button>
      </form>
    </main>
  )
}
