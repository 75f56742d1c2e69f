// The worker pool hashes exactly like hashPassword: verifyPassword accepts its output, and
// many jobs at once all come back (more jobs than workers).
import { afterAll, describe, expect, it } from 'vitest'
import { HashPool } from './hashPool'
import { INITIAL_COST, needsRehash, verifyPassword } from './passwords'

const pool = new HashPool(2)
afterAll(() => pool.close())

describe('HashPool', () => {
  it('hashes on workers in the stored format verifyPassword reads', async () => {
    const passwords = ['第一个密码abc', 'second-password', 'third-password', 'fourth-password']
    const hashes = await Promise.all(passwords.map((p) => pool.hash(p)))
    expect(new Set(hashes).size).toBe(4)
    for (const [i, hash] of hashes.entries()) {
      expect(hash).toMatch(/^scrypt\$16384\$8\$\d+\$/)
      expect(await verifyPassword(passwords[i]!, hash)).toBe(true)
    }
    expect(await verifyPassword('wrong-password', hashes[0]!)).toBe(false)
  }, 60_000)

  it("hashes an import's initial password at the cost asked for, rehashed at the next login", async () => {
    const hash = await pool.hash('初始密码-abc123', INITIAL_COST)
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/)
    expect(await verifyPassword('初始密码-abc123', hash)).toBe(true)
    expect(needsRehash(hash)).toBe(true)
    expect(needsRehash(await pool.hash('初始密码-abc123'))).toBe(false)
  }, 60_000)
})
