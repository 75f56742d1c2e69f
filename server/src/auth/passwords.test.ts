// scrypt hashes with a per-user salt; verification is exact and never throws.
import { describe, expect, it } from 'vitest'
import { generatePassword, hashPassword, needsRehash, verifyPassword } from './passwords'

describe('passwords', () => {
  it('verifies the right password and rejects others', async () => {
    const hash = await hashPassword('党建台账2026')
    expect(hash.startsWith('scrypt$16384$8$5$')).toBe(true)
    expect(needsRehash(hash)).toBe(false)
    expect(await verifyPassword('党建台账2026', hash)).toBe(true)
    expect(await verifyPassword('党建台账2027', hash)).toBe(false)
    expect(await verifyPassword('', hash)).toBe(false)
  })

  it('still verifies a hash made with older parameters, and says it needs a rehash', async () => {
    const old = await hashPassword('旧密码-2025', { N: 16384, r: 8, p: 1 })
    expect(old.startsWith('scrypt$16384$8$1$')).toBe(true)
    expect(await verifyPassword('旧密码-2025', old)).toBe(true)
    expect(needsRehash(old)).toBe(true)
    expect(needsRehash('not-a-hash')).toBe(true)
  })

  it('salts every hash, so equal passwords hash differently', async () => {
    expect(await hashPassword('same-password')).not.toBe(await hashPassword('same-password'))
  })

  it('treats a malformed stored hash as a mismatch', async () => {
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false)
    expect(await verifyPassword('x', 'scrypt$0$0$0$AA$AA')).toBe(false)
  })

  it('generates readable random passwords', () => {
    const p = generatePassword()
    expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{14}$/)
    expect(generatePassword()).not.toBe(p)
  })
})
