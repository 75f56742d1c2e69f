import { describe, expect, it } from 'vitest'
import { cellKey } from './cellMarks'
import { indexPresence, PEER_SLOTS, PeerSlots, peerCursors, safeColor } from './presence'

const state = (id: string, name: string, color: string, cursor: unknown) => ({
  user: { id, name, color },
  cursor,
})

describe('presence', () => {
  it("lists other people's cursors from awareness states, not mine, ignoring malformed ones", () => {
    const states = new Map<number, unknown>([
      [1, state('u1', '我', '#111111', { rowId: 'r1', colId: 'name' })],
      [2, state('u2', '李娜', '#e11d48', { rowId: 'r2', colId: 'employees' })],
      [3, state('u3', '王强', '#16a34a', null)],
      [4, { cursor: { rowId: 'r1', colId: 'name' } }],
      [5, state('u5', '赵敏', 'red;background:url(x)', { rowId: 'r1', colId: 'name' })],
    ])
    const cursors = peerCursors(states, 1)
    expect(cursors.map((c) => [c.user.name, c.rowId, c.colId, c.user.color])).toEqual([
      ['李娜', 'r2', 'employees', '#e11d48'],
      ['赵敏', 'r1', 'name', '#2563eb'],
    ])
  })

  it('keeps a peer on its slot while it stays and reuses freed slots', () => {
    const slots = new PeerSlots()
    const c = (clientId: number) => ({
      clientId,
      user: { id: String(clientId), name: 'x', color: '#000' },
      rowId: 'r',
      colId: 'c',
    })
    expect([...slots.assign([c(7), c(9)])]).toEqual([
      [7, 0],
      [9, 1],
    ])
    expect([...slots.assign([c(9), c(11)])]).toEqual([
      [9, 1],
      [11, 0],
    ])
    const many = Array.from({ length: PEER_SLOTS + 2 }, (_, i) => c(100 + i))
    const assigned = slots.assign(many)
    expect(Math.max(...assigned.values())).toBe(PEER_SLOTS - 1)
  })

  it('indexes cells with the slots and names of everyone on them', () => {
    const cursors = peerCursors(
      new Map<number, unknown>([
        [2, state('u2', '李娜', '#e11d48', { rowId: 'r1', colId: 'name' })],
        [3, state('u3', '王强', '#16a34a', { rowId: 'r1', colId: 'name' })],
      ]),
      1,
    )
    const index = indexPresence(cursors, new PeerSlots().assign(cursors))
    expect(index.slots.get(cellKey('r1', 'name'))).toEqual([0, 1])
    expect(index.names.get(cellKey('r1', 'name'))).toEqual(['李娜', '王强'])
  })

  it('accepts only plain colours', () => {
    expect(safeColor('#abc')).toBe('#abc')
    expect(safeColor('rgb(1, 2, 3)')).toBe('rgb(1, 2, 3)')
    expect(safeColor('expression(alert(1))')).toBe('#2563eb')
    expect(safeColor(42)).toBe('#2563eb')
  })
})
