/**
 * @module access/passwordRules
 * What a new password must be (SPEC §11: at least 8 characters, not the username), with the
 * Chinese message shown to the person choosing it. One rule set for the server's checks
 * (`POST /api/me/password`, an admin's reset, `POST /api/users`, the users import) and the
 * web app's change-password page, so both say the same thing.
 */

export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_LENGTH = 200

/** Passwords everyone tries first (compared in lower case). */
const COMMON = new Set([
  '12345678',
  '123456789',
  '1234567890',
  '87654321',
  '11111111',
  '00000000',
  '88888888',
  '66666666',
  'password',
  'password1',
  'qwertyui',
  'qwerty123',
  'abc12345',
  'abcd1234',
  'a1234567',
  '1qaz2wsx',
  'iloveyou',
  'admin123',
  'admin1234',
  'taizhang',
  'taizhang123',
])

/** Why `password` may not be used by `username`, in Chinese; null when it may. */
export function passwordProblem(password: string, username?: string): string | null {
  const length = [...password].length
  if (length < PASSWORD_MIN_LENGTH) return `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符`
  if (length > PASSWORD_MAX_LENGTH) return `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`
  if (password.trim() !== password) return '密码首尾不能是空格'
  const lower = password.toLowerCase()
  if (username && lower === username.trim().toLowerCase()) return '密码不能与用户名相同'
  if (new Set(password).size === 1) return '密码不能由同一个字符重复组成'
  if (COMMON.has(lower)) return '这个密码太常见，请换一个'
  return null
}
