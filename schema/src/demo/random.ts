/**
 * @module demo/random
 * A small seeded PRNG (mulberry32) and the helpers demo data and randomised tests need:
 * the same seed gives the same district, the same rows and the same ids on every
 * machine. Not for anything secret (ids of real rows come from `newId`, crypto).
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T
  /** One value of `[value, weight]` pairs, with probability proportional to its weight. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T
  /** `n` distinct elements (fewer if the list is shorter), in random order. */
  sample<T>(items: readonly T[], n: number): T[]
  /** An opaque id of `length` base-36 characters. */
  id(length?: number): string
  /** An independent generator derived from this seed and a label (stable per label). */
  fork(label: string | number): Random
}

/** 32-bit hash of a string (FNV-1a then a murmur finaliser), to turn labels into seeds. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'

/** A seeded generator; a string seed is hashed, a number is used as its low 32 bits. */
export function createRandom(seed: number | string): Random {
  const seedText = String(seed)
  let state = typeof seed === 'number' ? seed >>> 0 : hashSeed(seed)

  // mulberry32 (Tommy Ettinger): 32-bit state, fast, good enough for demo data.
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('pick from an empty list')
    return items[Math.floor(next() * items.length)]!
  }

  const random: Random = {
    next,
    int,
    chance: (p) => next() < p,
    pick,
    weighted<T>(pairs: readonly (readonly [T, number])[]): T {
      let total = 0
      for (const [, w] of pairs) total += w
      let x = next() * total
      for (const [value, w] of pairs) {
        x -= w
        if (x < 0) return value
      }
      return pairs[pairs.length - 1]![0]
    },
    sample<T>(items: readonly T[], n: number): T[] {
      const copy = [...items]
      const count = Math.min(n, copy.length)
      for (let i = 0; i < count; i++) {
        const j = i + Math.floor(next() * (copy.length - i))
        ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
      }
      return copy.slice(0, count)
    },
    id(length = 16) {
      let id = ''
      for (let i = 0; i < length; i++) id += ID_ALPHABET[Math.floor(next() * 36)]
      return id
    },
    fork: (label) => createRandom(hashSeed(`${seedText}/${String(label)}`)),
  }
  return random
}
