/**
 * @module tests/helpers/failingUpdate
 * A Yjs update that decodes, integrates part of itself and then throws: the case where Yjs
 * cannot roll back and the server must pass on the part it kept (sync/Room.ts,
 * `integratedByFailedApply`). Made from a real edit on `baseState` by seeded bit flips,
 * tried on a scratch doc until one behaves so (a few dozen tries in practice).
 */
import { insertRow, setCell } from '@taizhang/schema'
import { expect } from 'vitest'
import * as Y from 'yjs'

/** `clientId`: the author the update's structs carry, to find them in state vectors. */
export function updateThatFailsPartway(
  baseState: Uint8Array,
  rowId: string,
  clientId: number,
): Uint8Array {
  const edit = new Y.Doc()
  edit.clientID = clientId
  Y.applyUpdate(edit, baseState)
  const before = Y.encodeStateVector(edit)
  setCell(edit, rowId, 'employees', 5)
  insertRow(edit, { name: '半截更新' })
  const whole = Y.encodeStateAsUpdate(edit, before)
  let seed = 11
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000
  for (let i = 0; i < 50_000; i++) {
    const mutated = Uint8Array.from(whole)
    for (let k = 0, n = 1 + Math.floor(next() * 3); k < n; k++) {
      mutated[Math.floor(next() * mutated.length)]! ^= 1 << Math.floor(next() * 8)
    }
    try {
      Y.decodeUpdate(mutated)
    } catch {
      continue
    }
    const trial = new Y.Doc()
    Y.applyUpdate(trial, baseState)
    let integrated = false
    trial.on('update', () => (integrated = true))
    try {
      Y.applyUpdate(trial, mutated)
    } catch {
      if (integrated) return mutated
    }
  }
  expect.fail('no mutated update that fails partway in 50,000 tries')
}
