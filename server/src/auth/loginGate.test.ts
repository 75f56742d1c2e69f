// The login gate: never more checks at once than its concurrency, a bounded queue, and
// a refusal (null) beyond it without running the check.
import { describe, expect, it } from 'vitest'
import { LoginGate } from './loginGate'

describe('LoginGate', () => {
  it('runs at most `concurrency` checks at once and refuses past the queue', async () => {
    const gate = new LoginGate(2, 3)
    let running = 0
    let most = 0
    let ran = 0
    const check = async () => {
      running++
      ran++
      most = Math.max(most, running)
      await new Promise((r) => setTimeout(r, 20))
      running--
      return 'ok'
    }
    const answers = await Promise.all(Array.from({ length: 8 }, () => gate.run(check)))
    expect(most).toBe(2)
    expect(answers.filter((a) => a?.value === 'ok')).toHaveLength(5)
    expect(answers.filter((a) => a === null)).toHaveLength(3)
    expect(ran).toBe(5)
    // and it is free again afterwards
    expect(await gate.run(async () => 1)).toEqual({ value: 1 })
  })

  it('frees its slot when a check throws', async () => {
    const gate = new LoginGate(1, 0)
    await expect(gate.run(async () => Promise.reject(new Error('x')))).rejects.toThrow('x')
    expect(await gate.run(async () => 2)).toEqual({ value: 2 })
  })
})
