// The workflow of SPEC §3: which action applies in which state, and where it leads.
import { describe, expect, it } from 'vitest'
import { SHEET_STATUSES } from './states'
import { NEEDS_REASON, WORKFLOW_ACTIONS, nextStatus } from './transitions'

describe('workflow transitions', () => {
  it('submit from draft or returned, return and accept from submitted, reopen from accepted', () => {
    const table = Object.fromEntries(
      SHEET_STATUSES.map((s) => [s, WORKFLOW_ACTIONS.map((a) => nextStatus(s, a))]),
    )
    expect(table).toEqual({
      draft: ['submitted', null, null, null],
      submitted: [null, 'returned', 'accepted', null],
      returned: ['submitted', null, null, null],
      accepted: [null, null, null, 'returned'],
    })
  })

  it('asks for a reason only when returning or reopening', () => {
    expect(WORKFLOW_ACTIONS.filter((a) => NEEDS_REASON.has(a))).toEqual(['return', 'reopen'])
  })
})
