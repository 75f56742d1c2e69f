// The password rules of SPEC §11 with their Chinese messages: what the server refuses and the
// change-password page says while the person types.
import { describe, expect, it } from 'vitest'
import { passwordProblem } from './passwordRules'

describe('passwordProblem', () => {
  it('accepts a reasonable password', () => {
    expect(passwordProblem('Qingshan-2026', 'li.si')).toBeNull()
    expect(passwordProblem('我的密码很安全呢', 'li.si')).toBeNull()
  })
  it('names what is wrong, in Chinese', () => {
    expect(passwordProblem('short', 'x')).toBe('密码至少需要 8 个字符')
    expect(passwordProblem('zhangsan1', 'Zhangsan1')).toBe('密码不能与用户名相同')
    expect(passwordProblem('aaaaaaaaa', 'x')).toBe('密码不能由同一个字符重复组成')
    expect(passwordProblem('Password', 'x')).toBe('这个密码太常见，请换一个')
    expect(passwordProblem(' padded-pass ', 'x')).toBe('密码首尾不能是空格')
    expect(passwordProblem('x'.repeat(201), 'y')).toBe('密码不能超过 200 个字符')
  })
  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblem('密码密码密码密', 'x')).toBe('密码至少需要 8 个字符')
  })
})
