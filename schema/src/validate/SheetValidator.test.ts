/**
 * SheetValidator: incremental findings for a whole sheet and the cross-row rule
 * `credit-code-duplicate` (SPEC §2.1). The property test drives a random sequence of
 * setRow / removeRow / setOrder and compares with a full re-validation after each step.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scoringTemplate } from '../templates/scoring'
import { ledgerTemplate } from '../templates/ledger'
import type { Finding, Row } from '../templates/types'
import { SheetValidator, validateSheet } from './SheetValidator'
import { goodLedgerRow, goodScoringRow, validCode } from '../test/rows'

const today = '2026-03-05'
const toFullWidth = (s: string): string =>
  s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0))
const dupIds = (findings: Finding[]) =>
  findings.filter((f) => f.rule === 'credit-code-duplicate').map((f) => f.rowId)

const A = validCode(1)
const B = validCode(2)

describe('credit-code-duplicate', () => {
  it('flags every occurrence after the first, comparing normalised codes', () => {
    const rows = [
      goodLedgerRow({ id: 'r1', creditCode: A }),
      goodLedgerRow({ id: 'r2', creditCode: B }),
      goodLedgerRow({ id: 'r3', creditCode: A.toLowerCase() }),
      goodLedgerRow({ id: 'r4', creditCode: ` ${toFullWidth(A)} ` }),
    ]
    const findings = validateSheet(ledgerTemplate, rows, { today })
    expect(findings).toEqual([
      {
        rowId: 'r3',
        column: 'creditCode',
        rule: 'credit-code-duplicate',
        severity: 'error',
        message: `统一社会信用代码「${A}」与本表前面的一行重复`,
      },
      {
        rowId: 'r4',
        column: 'creditCode',
        rule: 'credit-code-duplicate',
        severity: 'error',
        message: `统一社会信用代码「${A}」与本表前面的一行重复`,
      },
    ])
  })

  it('does not report an invalid code as a duplicate, nor empty codes', () => {
    const bad = A.slice(0, 17) + (A[17] === '0' ? '1' : '0')
    const rows = [
      goodLedgerRow({ id: 'r1', creditCode: bad }),
      goodLedgerRow({ id: 'r2', creditCode: bad }),
      goodLedgerRow({ id: 'r3', creditCode: null }),
      goodLedgerRow({ id: 'r4', creditCode: null }),
    ]
    const findings = validateSheet(ledgerTemplate, rows, { today })
    expect(findings.map((f) => [f.rowId, f.rule])).toEqual([
      ['r1', 'credit-code-invalid'],
      ['r2', 'credit-code-invalid'],
    ])
  })

  it('is silent on a sheet without repeats', () => {
    const rows = [1, 2, 3].map((i) => goodLedgerRow({ id: `r${i}`, creditCode: validCode(i) }))
    expect(validateSheet(ledgerTemplate, rows, { today })).toEqual([])
  })

  it('"first" follows the given order, and setOrder moves the flag', () => {
    const v = new SheetValidator(ledgerTemplate, { today, order: ['r2', 'r1'] })
    v.setRow(goodLedgerRow({ id: 'r1', creditCode: A }))
    v.setRow(goodLedgerRow({ id: 'r2', creditCode: A }))
    expect(dupIds(v.findings())).toEqual(['r1'])
    expect(v.setOrder(['r1', 'r2'])).toEqual(new Set(['r1', 'r2']))
    expect(dupIds(v.findings())).toEqual(['r2'])
    expect(v.setOrder(['r1', 'r2'])).toEqual(new Set())
  })

  it('applies to ledgers only: a scoring sheet may list an organisation twice', () => {
    const rows = [goodScoringRow({ id: 's1' }), goodScoringRow({ id: 's2' })]
    expect(validateSheet(scoringTemplate, rows, { today })).toEqual([])
  })
})

describe('SheetValidator updates', () => {
  it('returns exactly the rows whose findings changed and keeps counts', () => {
    const v = new SheetValidator(ledgerTemplate, { today })
    expect(v.setRow(goodLedgerRow({ id: 'r1', creditCode: A }))).toEqual(new Set())
    expect(v.setRow(goodLedgerRow({ id: 'r2', creditCode: B }))).toEqual(new Set())
    // r3 repeats A: only r3 changes.
    expect(v.setRow(goodLedgerRow({ id: 'r3', creditCode: A }))).toEqual(new Set(['r3']))
    expect(v.counts()).toEqual({ error: 1, warning: 0 })
    // Removing r1 makes r3 the first: r3 loses its flag; r1 had no findings.
    expect(v.removeRow('r1')).toEqual(new Set(['r3']))
    expect(v.findings()).toEqual([])
    // r2 takes A: r2 was set before r3 and keeps its place, so r3 is flagged again.
    expect(v.setRow(goodLedgerRow({ id: 'r2', creditCode: A }))).toEqual(new Set(['r3']))
    expect(dupIds(v.findings())).toEqual(['r3'])
    // A warning on r3 changes only r3.
    expect(v.setRow(goodLedgerRow({ id: 'r3', creditCode: A, secretaryTrainingDays: 1 }))).toEqual(
      new Set(['r3']),
    )
    expect(v.counts()).toEqual({ error: 1, warning: 1 })
    expect(v.rowFindings('r3').map((f) => f.rule)).toEqual([
      'training-below-7-days',
      'credit-code-duplicate',
    ])
    expect(v.removeRow('nope')).toEqual(new Set())
    expect(v.size).toBe(2)
  })
})

type Op =
  | { kind: 'set'; id: number; code: number; employees: number }
  | { kind: 'remove'; id: number }
  | { kind: 'order'; ids: number[] }

const ID_POOL = 8
const bad = A.slice(0, 17) + (A[17] === '0' ? '1' : '0')
const CODE_POOL: (string | null)[] = [
  A,
  A.toLowerCase(),
  toFullWidth(A),
  B,
  validCode(3),
  bad,
  'ABC',
  null,
]

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      id: fc.nat(ID_POOL - 1),
      code: fc.nat(CODE_POOL.length - 1),
      employees: fc.constantFrom(0, 3, 10, 60),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.nat(ID_POOL - 1) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      ids: fc.uniqueArray(fc.nat(ID_POOL - 1), { maxLength: ID_POOL }),
    }),
  },
)

describe('SheetValidator against full re-validation (property)', () => {
  it('agrees after every setRow / removeRow / setOrder and reports exactly the changed rows', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), fc.boolean(), (ops, withOrder) => {
        let order: string[] = withOrder ? ['r3', 'r1', 'r5'] : []
        const v = new SheetValidator(ledgerTemplate, withOrder ? { today, order } : { today })
        const rows = new Map<string, Row>() // JS Map order = "first set" order, like the validator
        const sheetOrder = (): Row[] => {
          const listed = order.filter((id) => rows.has(id)).map((id) => rows.get(id)!)
          return [...listed, ...[...rows.values()].filter((r) => !order.includes(r.id))]
        }
        for (const op of ops) {
          const before = new Map([...rows.keys()].map((id) => [id, v.rowFindings(id)]))
          let changed: Set<string>
          if (op.kind === 'set') {
            const row = goodLedgerRow({
              id: `r${op.id}`,
              creditCode: CODE_POOL[op.code]!,
              employees: op.employees,
            })
            rows.set(row.id, row)
            changed = v.setRow(row)
          } else if (op.kind === 'remove') {
            rows.delete(`r${op.id}`)
            changed = v.removeRow(`r${op.id}`)
          } else {
            order = op.ids.map((i) => `r${i}`)
            changed = v.setOrder(order)
          }
          const expected = validateSheet(ledgerTemplate, sheetOrder(), { today })
          expect(v.findings()).toEqual(expected)
          expect(v.counts()).toEqual({
            error: expected.filter((f) => f.severity === 'error').length,
            warning: expected.filter((f) => f.severity === 'warning').length,
          })
          const ids = new Set([...before.keys(), ...rows.keys()])
          const reallyChanged = [...ids].filter(
            (id) => JSON.stringify(before.get(id) ?? []) !== JSON.stringify(v.rowFindings(id)),
          )
          expect([...changed].sort()).toEqual(reallyChanged.sort())
        }
      }),
      { numRuns: 200 },
    )
  })
})

describe('SheetValidator performance', () => {
  const N = 10_000
  const rows = Array.from({ length: N }, (_, i) =>
    goodLedgerRow({
      id: `r${i}`,
      creditCode: i % 50 === 1 ? validCode(i - 1) : validCode(i), // 200 repeats
      employees: 20 + (i % 200),
      secretaryTrainingDays: i % 10,
    }),
  )

  it('validates 10,000 rows and row-by-row updates agree with a bulk load (speed: bench/consolidate)', () => {
    validateSheet(ledgerTemplate, rows.slice(0, 500), { today }) // warm up the JIT
    const findings = validateSheet(ledgerTemplate, rows, { today })
    expect(findings.length).toBeGreaterThan(N / 2)
    expect(dupIds(findings)).toHaveLength(N / 50)

    // Row by row (how a sheet fills up) ends in the same place as the bulk load.
    const v = new SheetValidator(ledgerTemplate, { today })
    for (const row of rows) v.setRow(row)
    expect(v.findings()).toEqual(findings)

    // 1,000 single-row updates (duplicates across the sheet included) end where a
    // full re-validation of the updated sheet ends.
    const updated = rows.slice()
    for (let i = 0; i < 1000; i++) {
      const row = goodLedgerRow({
        id: `r${(i * 7) % N}`,
        creditCode: validCode(i % 3),
        employees: i,
      })
      v.setRow(row)
      updated[(i * 7) % N] = row
    }
    expect(sortFindings(v.findings())).toEqual(
      sortFindings(validateSheet(ledgerTemplate, updated, { today })),
    )
  })

  it('load replaces the sheet and recounts', () => {
    const v = new SheetValidator(ledgerTemplate, { today })
    v.load(rows.slice(0, 100))
    const counts = v.counts()
    expect(counts.error).toBe(2) // r1 and r51 repeat r0's and r50's codes
    v.load([goodLedgerRow({ id: 'x' })])
    expect(v.size).toBe(1)
    expect(v.counts()).toEqual({ error: 0, warning: 0 })
    expect(v.findings()).toEqual([])
  })
})

function sortFindings(list: Finding[]): string[] {
  return list.map((f) => `${f.rowId}|${f.column}|${f.rule}|${f.message}`).sort()
}
