// The unit list stays parents-first after a unit was moved under one created after it,
// and keeps creation order otherwise.
import { describe, expect, it } from 'vitest'
import { parentsFirst } from './parentsFirst'

const u = (id: string, parentId: string | null) => ({ id, parentId })

describe('parentsFirst', () => {
  it('keeps creation order when it already puts parents first', () => {
    const units = [u('d', null), u('a', 'd'), u('g1', 'a'), u('b', 'd'), u('g2', 'b')]
    expect(parentsFirst(units).map((x) => x.id)).toEqual(['d', 'a', 'g1', 'b', 'g2'])
  })
  it('moves a unit (and what waits on it) after its new parent', () => {
    // g1 (created second) now sits under b (created last), and c under g1
    const units = [u('d', null), u('g1', 'b'), u('c', 'g1'), u('a', 'd'), u('b', 'd')]
    expect(parentsFirst(units).map((x) => x.id)).toEqual(['d', 'a', 'b', 'g1', 'c'])
  })
  it('loses no unit even in a cycle', () => {
    expect(parentsFirst([u('x', 'y'), u('y', 'x')]).length).toBe(2)
  })
})
