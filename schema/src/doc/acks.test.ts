// Warning acknowledgements live in the sheet doc and travel with it (sheetDoc acks).
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ackKey, acknowledgeFinding, readAcks, removeAcknowledgement } from './sheetDoc'

describe('warning acknowledgements', () => {
  const finding = { rowId: 'r1', column: 'members', rule: 'over50-no-member' }
  const ack = { reason: '企业正在发展党员', by: '张三', at: '2026-03-05T08:00:00.000Z' }

  it('are stored under rowId/column/rule and reach another replica', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    acknowledgeFinding(a, finding, ack)
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(readAcks(b)).toEqual({ [ackKey('r1', 'members', 'over50-no-member')]: ack })
  })

  it('can be withdrawn', () => {
    const doc = new Y.Doc()
    acknowledgeFinding(doc, finding, ack)
    removeAcknowledgement(doc, finding)
    expect(readAcks(doc)).toEqual({})
  })
})
