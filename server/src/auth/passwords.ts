/**
 * @module auth/passwords
 * Password hashing with scrypt (node:crypto) and a random salt per user. The stored
 * form is self-describing, `scrypt$N$r$p$salt$hash` (base64url), so the cost can be
 * raised later without breaking old hashes. Comparison is timing-safe.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  )

const KEY_LENGTH = 32
/** N = 2^14, r = 8: ~16 MiB and ~50 ms per hash, the usual interactive-login setting. */
const DEFAULT_COST = { N: 16384, r: 8, p: 1 }

export async function hashPassword(password: string, cost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, {
    ...cost,
    maxmem: 64 * 1024 * 1024,
  })
  return [
    'scrypt',
    cost.N,
    cost.r,
    cost.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$')
}

/** True when `password` matches `stored`; false (never throws) for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, keyText] = stored.split('$')
  if (scheme !== 'scrypt' || !saltText || !keyText) return false
  const expected = Buffer.from(keyText, 'base64url')
  const key = await scrypt(
    password.normalize('NFC'),
    Buffer.from(saltText, 'base64url'),
    expected.length,
    {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: 64 * 1024 * 1024,
    },
  ).catch(() => null)
  return key !== null && key.length === expected.length && timingSafeEqual(key, expected)
}

/** A readable random password for generated accounts (no 0/O/1/l confusion). */
export function generatePassword(length = 14): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  let out = ''
  for (const b of randomBytes(length)) out += alphabet[b % alphabet.length]
  return out
}
