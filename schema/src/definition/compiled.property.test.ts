/**
 * The compiled template language against a straightforward reference interpreter
 * (`test/referenceInterpreter`), on random well-typed definitions and random rows
 * (fast-check): every generated definition validates, every rule gives the same finding
 * or silence, every indicator the same figure, target verdict and rows behind it, per unit
 * and in the total. `TAIZHANG_PROPERTY_RUNS` raises the number of runs for a long check.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { consolidateTemplate, drillDownTemplate } from '../consolidate/consolidateTemplate'
import type { GridTemplate, Row } from '../templates/types'
import { POOL, ledgerDefinition, rows, scoringDefinition } from '../test/definitionArbitraries'
import { referenceIndicator, referenceRule } from '../test/referenceInterpreter'
import { compileTemplate } from './compileTemplate'
import { validateDefinition } from './validateDefinition'

// schema/ has no Node types; vitest runs the tests under Node, where `process` exists.
declare const process: { env: Record<string, string | undefined> }
const RUNS = Number(process.env.TAIZHANG_PROPERTY_RUNS ?? 150)
const TODAY = '2026-03-05'

function agrees(template: GridTemplate, units: Row[][]): void {
  const compiled = compileTemplate(template)
  for (const row of units.flat()) {
    compiled.rules.forEach((rule, i) => {
      const expected = referenceRule(template, template.rules[i]!, row, TODAY)
      expect(
        rule.check(row, { template, today: TODAY }),
        `${rule.id} on ${JSON.stringify(row)}`,
      ).toBe(expected)
    })
  }
  const result = consolidateTemplate(
    template,
    units.map((r, i) => ({ unit: `u${i}`, rows: r })),
    { today: TODAY },
  )
  const all = units.flat()
  for (const ind of template.indicators) {
    units.forEach((unitRows, u) => {
      const ref = referenceIndicator(template, ind, unitRows, TODAY)
      expect(result.units[u]!.values[ind.id], ind.id).toEqual(ref.value)
      if (ind.target) expect(result.units[u]!.met![ind.id]).toBe(ref.met)
    })
    const ref = referenceIndicator(template, ind, all, TODAY)
    expect(result.total.values[ind.id], `${ind.id} total`).toEqual(ref.value)
    if (ind.target) expect(result.total.met![ind.id]).toBe(ref.met)
    expect(drillDownTemplate(template, all, ind.id, { today: TODAY })).toEqual(ref.rows)
  }
  expect(result.total.met === null).toBe(!template.indicators.some((i) => i.target))
}

describe('compiled definitions agree with the reference interpreter', () => {
  it('ledger definitions: rules, indicators, targets, drill-down', () => {
    fc.assert(
      fc.property(
        ledgerDefinition,
        fc.array(rows(POOL.map((c) => c.id)), { minLength: 1, maxLength: 3 }),
        (definition, units) => {
          const checked = validateDefinition('ledger', definition)
          expect(checked.issues).toEqual([])
          const template: GridTemplate = {
            kind: 'ledger',
            id: 'gen',
            name: '随机台账',
            version: 1,
            ...definition,
          }
          agrees(template, units)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('scoring definitions: computed 总分 and 等次, {deductions}', () => {
    fc.assert(
      fc.property(
        scoringDefinition.chain((definition) =>
          fc.tuple(
            fc.constant(definition),
            fc.array(
              rows([
                'org',
                'date',
                'y1',
                ...definition.criteria.map((c) => c.id),
                'total',
                'grade',
                'problems',
              ]),
              {
                minLength: 1,
                maxLength: 3,
              },
            ),
          ),
        ),
        ([definition, units]) => {
          const checked = validateDefinition('scoring', definition)
          expect(checked.issues).toEqual([])
          const template: GridTemplate = {
            kind: 'scoring',
            id: 'gen',
            name: '随机评分表',
            version: 1,
            ...definition,
          }
          agrees(template, units)
        },
      ),
      { numRuns: RUNS },
    )
  })
})
