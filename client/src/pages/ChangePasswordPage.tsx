/**
 * @module pages/ChangePasswordPage
 * 修改密码 (SPEC §11): shown instead of every page while the account must choose a new
 * password (imported, or reset by an admin: the server answers everything else 403
 * `password-change-required`), and reachable at `/password` any time. The rules are schema's
 * `passwordProblem`, checked here as the person types and again by the server.
 */
import { passwordProblem } from '@taizhang/schema'
import { useState } from 'react'
import { changeMyPassword } from '../admin/adminApi'
import { errorMessage } from '../api/client'
import { navigate } from '../hooks/useRoute'
import { useSession } from '../hooks/useSession'

export function ChangePasswordPage({ required }: { required: boolean }) {
  const { user, logout, passwordChanged } = useSession()
  const [oldPassword, setOldPassword] = useState('')
  const [newPassword, setNewPassword] = useState('')
  const [again, setAgain] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const problem = newPassword ? passwordProblem(newPassword, user?.username) : null
  const mismatch = again !== '' && again !== newPassword ? '两次输入的新密码不一致' : null
  return (
    <main className="login">
      <form
        className="form card"
        aria-label="修改密码"
        onSubmit={async (e) => {
          e.preventDefault()
          if (problem || mismatch) return
          setBusy(true)
          setError(null)
          try {
            await changeMyPassword(oldPassword, newPassword)
            passwordChanged()
            navigate('/', { replace: true })
          } catch (failure) {
            setError(errorMessage(failure))
          } finally {
            setBusy(false)
          }
        }}
      >
        <h1>修改密码</h1>
        {required && (
          <p className="banner-info" role="status">
            这是管理员为您设置的初始密码，请先设置自己的新密码后再继续使用。
          </p>
        )}
        <label>
          当前密码
          <input
            name="oldPassword"
            aria-label="当前密码"
            type="password"
            autoComplete="current-password"
            value={oldPassword}
            onChange={(e) => setOldPassword(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label>
          新密码
          <input
            name="newPassword"
            aria-label="新密码"
            type="password"
            autoComplete="new-password"
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
            required
          />
          <span className={problem ? 'error small' : 'muted small'}>
            {problem ?? '至少 8 个字符，不能与用户名相同'}
          </span>
        </label>
        <label>
          再输入一次新密码
          <input
            name="newPasswordAgain"
            aria-label="再输入一次新密码"
            type="password"
            autoComplete="new-password"
            value={again}
            onChange={(e) => setAgain(e.target.value)}
            required
          />
          {mismatch && <span className="error small">{mismatch}</span>}
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          {required ? (
            <button type="button" onClick={() => void logout().then(() => navigate('/login'))}>
              退出
            </button>
          ) : (
            <button type="button" onClick={() => navigate('/')}>
              取消
            </button>
          )}
          <button type="submit" className="primary" disabled={busy || !!problem || !!mismatch}>
            {busy ? '正在保存…' : '保存新密码'}
          </button>
        </div>
      </form>
    </main>
  )
}
