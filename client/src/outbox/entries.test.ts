// The outbox's pure decisions (outbox/entries): photos go first, then one merged PATCH per item,
// then the transitions in the order they were made; evidence changes merge with the server's
// list as it is when sent; an item shows its unsent changes and 待上传 photos.
import { describe, expect, it } from 'vitest'
import {
  mergeEvidence,
  pendingView,
  planFlush,
  withoutEvidence,
  type Keyed,
  type OutboxRecord,
} from './entries'

const base = { userId: 'u1', at: 0 }
const keyed = (records: OutboxRecord[]): Keyed[] =>
  records.map((record, i) => ({ key: i + 1, record }))
const photo = (id: string, itemId = 'i1'): OutboxRecord => ({
  ...base,
  kind: 'photo',
  attachmentId: id,
  name: `${id}.jpg`,
  type: 'image/jpeg',
  size: 10,
  itemId,
})

describe('planFlush', () => {
  it('sends photos, then patches, then transitions, whatever order they were made in', () => {
    const plan = planFlush(
      keyed([
        { ...base, kind: 'transition', itemId: 'i1', action: 'start' },
        { ...base, kind: 'patch', itemId: 'i1', progress: '已整改' },
        photo('a'),
        { ...base, kind: 'patch', itemId: 'i1', addEvidence: ['a'] },
        { ...base, kind: 'transition', itemId: 'i1', action: 'submit' },
      ]),
    )
    expect(plan.photos).toEqual([{ attachmentId: 'a', keys: [3] }])
    expect(plan.patches).toEqual([
      { itemId: 'i1', keys: [2, 4], progress: '已整改', add: ['a'], remove: [] },
    ])
    expect(
      plan.transitions.map((t) => [t.key, t.record.kind === 'transition' && t.record.action]),
    ).toEqual([
      [1, 'start'],
      [5, 'submit'],
    ])
  })

  it('keeps the order of keys, not of the array it is given', () => {
    const entries = keyed([
      { ...base, kind: 'transition', itemId: 'i1', action: 'start' },
      { ...base, kind: 'transition', itemId: 'i2', action: 'start' },
      { ...base, kind: 'transition', itemId: 'i1', action: 'submit' },
    ]).reverse()
    expect(planFlush(entries).transitions.map((t) => t.key)).toEqual([1, 2, 3])
  })

  it('merges the changes of one item: the last progress text, evidence added then removed', () => {
    const plan = planFlush(
      keyed([
        { ...base, kind: 'patch', itemId: 'i1', progress: '草稿' },
        { ...base, kind: 'patch', itemId: 'i1', addEvidence: ['a', 'b'] },
        { ...base, kind: 'patch', itemId: 'i2', progress: '另一项' },
        { ...base, kind: 'patch', itemId: 'i1', removeEvidence: ['a', 'c'] },
        { ...base, kind: 'patch', itemId: 'i1', progress: '已完成整改' },
      ]),
    )
    expect(plan.patches).toEqual([
      { itemId: 'i1', keys: [1, 2, 4, 5], progress: '已完成整改', add: ['b'], remove: ['a', 'c'] },
      { itemId: 'i2', keys: [3], progress: '另一项', add: [], remove: [] },
    ])
  })

  it('uploads a photo named by two records once', () => {
    const plan = planFlush(keyed([photo('a', 'i1'), photo('a', 'i2'), photo('b')]))
    expect(plan.photos).toEqual([
      { attachmentId: 'a', keys: [1, 2] },
      { attachmentId: 'b', keys: [3] },
    ])
  })

  it('an evidence id removed and added again is added', () => {
    const plan = planFlush(
      keyed([
        { ...base, kind: 'patch', itemId: 'i1', removeEvidence: ['a'] },
        { ...base, kind: 'patch', itemId: 'i1', addEvidence: ['a'] },
      ]),
    )
    expect(plan.patches[0]).toMatchObject({ add: ['a'], remove: [] })
  })
})

describe('mergeEvidence', () => {
  it("keeps what someone else attached meanwhile, applies this device's changes", () => {
    expect(mergeEvidence(['x', 'a', 'y'], ['b', 'x'], ['a'])).toEqual(['x', 'y', 'b'])
  })

  it('leaves a refused photo out of the patch', () => {
    const patch = { itemId: 'i1', keys: [1], add: ['a', 'b'], remove: [] }
    expect(withoutEvidence(patch, new Set(['a'])).add).toEqual(['b'])
  })
})

describe('pendingView', () => {
  const item = { id: 'i1', progress: '服务器上的文字', evidence: ['s1'] }

  it('shows the unsent progress, the added photos marked 待上传, and the queued transitions', () => {
    const view = pendingView(
      item,
      keyed([
        { ...base, kind: 'patch', itemId: 'i1', progress: '本机写的' },
        photo('p1'),
        { ...base, kind: 'patch', itemId: 'i1', addEvidence: ['p1'] },
        { ...base, kind: 'patch', itemId: 'i2', progress: '别的事项' },
        { ...base, kind: 'transition', itemId: 'i1', action: 'submit' },
      ]),
    )
    expect(view.progress).toBe('本机写的')
    expect(view.progressUnsent).toBe(true)
    expect(view.evidence).toEqual(['s1', 'p1'])
    expect([...view.notUploaded]).toEqual(['p1'])
    expect(view.actions.map((a) => a.action)).toEqual(['submit'])
  })

  it('an uploaded photo still waiting for its PATCH is not 待上传', () => {
    const view = pendingView(
      item,
      keyed([{ ...base, kind: 'patch', itemId: 'i1', addEvidence: ['p1'] }]),
    )
    expect(view.evidence).toEqual(['s1', 'p1'])
    expect(view.notUploaded.size).toBe(0)
  })

  it('nothing pending: the item as the server has it', () => {
    const view = pendingView(item, [])
    expect(view).toMatchObject({
      progress: '服务器上的文字',
      progressUnsent: false,
      evidence: ['s1'],
    })
    expect(view.actions).toEqual([])
  })
})
