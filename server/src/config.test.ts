// Settings from flags and TAIZHANG_* variables: defaults, flags winning over the
// environment, and one clear Chinese line naming the setting for every wrong value.
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config'

const fails = (argv: string[], env: Record<string, string> = {}) => {
  try {
    loadConfig(argv, env)
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return (e as Error).message
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('has the defaults of SPEC §6.2', () => {
    const c = loadConfig([], {})
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', data: './data', demo: false })
    expect(c.maxMessageBytes).toBe(16 * 1024 * 1024)
    expect(c.adminPassword).toBeUndefined()
  })

  it('reads flags (both spellings) and environment, flags winning', () => {
    const c = loadConfig(['--port', '0', '--demo', '--data=/tmp/x', '--host', '0.0.0.0'], {
      TAIZHANG_PORT: '9000',
      TAIZHANG_MAX_MESSAGE_BYTES: '2048',
      TAIZHANG_ADMIN_PASSWORD: 'a-good-password',
      TAIZHANG_SESSION_TTL_HOURS: '12',
    })
    expect(c).toMatchObject({ port: 0, demo: true, data: '/tmp/x', host: '0.0.0.0' })
    expect(c).toMatchObject({
      maxMessageBytes: 2048,
      adminPassword: 'a-good-password',
      sessionTtlHours: 12,
    })
    expect(loadConfig([], {}).relayAfter).toBe('write')
    expect(loadConfig(['--relay-after', 'fsync'], {}).relayAfter).toBe('fsync')
    expect(loadConfig([], { TAIZHANG_RELAY_AFTER: 'fsync' }).relayAfter).toBe('fsync')
    expect(loadConfig([], {}).flushAfterMs).toBe(1000)
    expect(loadConfig([], {}).sessionIdleHours).toBe(8)
    expect(loadConfig([], { TAIZHANG_SESSION_IDLE_HOURS: '0.5' }).sessionIdleHours).toBe(0.5)
    expect(loadConfig([], { TAIZHANG_SESSION_IDLE_HOURS: '0' }).sessionIdleHours).toBe(0)
    expect(loadConfig([], { TAIZHANG_FLUSH_AFTER_MS: '250' }).flushAfterMs).toBe(250)
    expect(loadConfig([], { TAIZHANG_DEMO: '1' }).demo).toBe(true)
    expect(loadConfig([], { TAIZHANG_DEMO: 'false' }).demo).toBe(false)
  })

  it('names the flag or variable and the value in one line', () => {
    expect(fails(['--port', 'abc'])).toBe('配置错误：--port 必须是数字（收到 "abc"）')
    expect(fails(['--port', '70000'])).toBe('配置错误：--port 不能大于 65535（收到 "70000"）')
    expect(fails(['--port', '1.5'])).toBe('配置错误：--port 必须是整数（收到 "1.5"）')
    expect(fails([], { TAIZHANG_PORT: '-1' })).toMatch(/^配置错误：TAIZHANG_PORT 不能小于 0/)
    expect(fails([], { TAIZHANG_MAX_MESSAGE_BYTES: '10' })).toMatch(
      /TAIZHANG_MAX_MESSAGE_BYTES 不能小于 1024/,
    )
    expect(fails([], { TAIZHANG_DEMO: 'maybe' })).toMatch(/TAIZHANG_DEMO/)
    expect(fails(['--relay-after', 'never'])).toBe(
      '配置错误：--relay-after 必须是 write 或 fsync（收到 "never"）',
    )
    expect(fails(['--port'])).toBe('参数 --port 缺少取值')
    expect(fails(['--verbose'])).toMatch(/^未知参数 --verbose/)
    for (const message of [fails(['--port', 'x']), fails(['--nope'])])
      expect(message).not.toContain('\n')
  })

  it('never echoes a password it refuses', () => {
    const message = fails([], { TAIZHANG_ADMIN_PASSWORD: 'secret' })
    expect(message).toBe('配置错误：TAIZHANG_ADMIN_PASSWORD 至少需要 8 个字符')
    expect(message).not.toContain('secret')
  })
})
