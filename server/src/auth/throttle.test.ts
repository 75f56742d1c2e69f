// Login throttling per username and per address (SPEC §6.3), on a fake clock.
import { describe, expect, it } from 'vitest'
import { LoginThrottle } from './throttle'

function setup() {
  let now = 1_000_000
  const throttle = new LoginThrottle({
    maxFailures: 3,
    windowMs: 60_000,
    addressFactor: 2,
    now: () => now,
  })
  return { throttle, advance: (ms: number) => (now += ms) }
}

describe('LoginThrottle', () => {
  it('blocks a username after maxFailures and tells how long to wait', () => {
    const { throttle, advance } = setup()
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfter('Wang', '10.0.0.1')).toBe(0)
      throttle.recordFailure('Wang', '10.0.0.1')
      advance(1000)
    }
    // from another address too: the username is what is being guessed
    expect(throttle.retryAfter('wang', '10.0.0.9')).toBe(57)
    advance(57_000)
    expect(throttle.retryAfter('wang', '10.0.0.9')).toBe(0)
  })

  it('blocks an address trying many usernames', () => {
    const { throttle } = setup()
    for (let i = 0; i < 6; i++) throttle.recordFailure(`user${i}`, '10.0.0.2')
    expect(throttle.retryAfter('someone-else', '10.0.0.2')).toBeGreaterThan(0)
    expect(throttle.retryAfter('someone-else', '10.0.0.3')).toBe(0)
  })

  it('a success clears the username, not the address', () => {
    const { throttle } = setup()
    for (let i = 0; i < 2; i++) throttle.recordFailure('li', '10.0.0.4')
    throttle.recordSuccess('li')
    throttle.recordFailure('li', '10.0.0.4')
    expect(throttle.retryAfter('li', '10.0.0.5')).toBe(0)
    for (let i = 0; i < 3; i++) throttle.recordFailure(`x${i}`, '10.0.0.4')
    expect(throttle.retryAfter('li', '10.0.0.4')).toBeGreaterThan(0)
  })
})
