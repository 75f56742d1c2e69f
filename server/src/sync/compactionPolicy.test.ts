/**
 * @module sync/compactionPolicy.test
 * The snapshot policy on its own: due by count (at least `compactEvery`, more on a big
 * sheet), due once the sheet has been quiet, nothing to do when all is in a snapshot.
 */
import { describe, expect, it } from 'vitest'
import { compactionDue, type CompactionCounters } from './compactionPolicy'

const counters = (over: Partial<CompactionCounters>): CompactionCounters => ({
  updatesSinceSnapshot: 1,
  sheetBytes: 1000,
  msSinceLastWrite: 0,
  compactEvery: 500,
  compactAfterMs: 60_000,
  ...over,
})

describe('compactionDue', () => {
  it('has nothing to do when the snapshot holds every stored update', () => {
    expect(compactionDue(counters({ updatesSinceSnapshot: 0 }))).toBeNull()
    expect(compactionDue(counters({ updatesSinceSnapshot: 0, msSinceLastWrite: 1e9 }))).toBeNull()
  })

  it('is due after compactEvery updates on a small sheet', () => {
    expect(compactionDue(counters({ updatesSinceSnapshot: 499 }))).toBe(60_000)
    expect(compactionDue(counters({ updatesSinceSnapshot: 500 }))).toBe(0)
  })

  it('waits for one update per 128 stored bytes on a big sheet', () => {
    // a 1 MiB sheet: 8,192 updates between snapshots, not 500
    const big = { sheetBytes: 1 << 20 }
    expect(compactionDue(counters({ ...big, updatesSinceSnapshot: 500 }))).toBe(60_000)
    expect(compactionDue(counters({ ...big, updatesSinceSnapshot: 8191 }))).toBe(60_000)
    expect(compactionDue(counters({ ...big, updatesSinceSnapshot: 8192 }))).toBe(0)
  })

  it('is due once the sheet has had no write for compactAfterMs, and says how long is left', () => {
    expect(compactionDue(counters({ msSinceLastWrite: 0 }))).toBe(60_000)
    expect(compactionDue(counters({ msSinceLastWrite: 45_000 }))).toBe(15_000)
    expect(compactionDue(counters({ msSinceLastWrite: 60_000 }))).toBe(0)
    expect(compactionDue(counters({ msSinceLastWrite: 90_000 }))).toBe(0)
  })
})
