/**
 * The gate of SPEC §7 from its two ends: the SPEC example and the built-in templates are
 * definitions that pass it, and hostile input (huge, deep, cyclic, not JSON) is refused
 * before it costs memory or stack. The mistakes one by one: validateDefinition.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { fiveStarTemplate } from '../templates/fiveStar'
import { ledgerTemplate } from '../templates/ledger'
import { techDefinition } from '../test/definitions'
import { scoringTemplate } from '../templates/scoring'
import { MAX_ISSUES } from './checkDefinition'
import type { DefinitionIssue } from './issue'
import { DEFINITION_LIMITS, scanJson } from './limits'
import { defineTemplate, templateFromDocument, validateDefinition } from './validateDefinition'

const columns = ledgerTemplate.columns
const baseRule = { id: 'x', column: 'members', severity: 'warning', message: '提示' }
const withRule = (rule: Record<string, unknown>) => ({ columns, rules: [{ ...baseRule, ...rule }] })
const issues = (kind: 'ledger' | 'scoring', json: unknown): DefinitionIssue[] =>
  validateDefinition(kind, json).issues

describe('validateDefinition accepts', () => {
  it('the SPEC §7 example, with defaults filled in', () => {
    const result = validateDefinition('ledger', techDefinition)
    expect(result.issues).toEqual([])
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.definition.rules[0]!.id).toBe('tech30-no-member')
    expect(validateDefinition('ledger', { columns })).toMatchObject({
      ok: true,
      definition: { checks: [], rules: [], indicators: [] },
    })
  })

  it('the same definition as JSON text', () => {
    expect(validateDefinition('ledger', JSON.stringify(techDefinition)).ok).toBe(true)
  })

  it('every built-in template, as a definition of its kind', () => {
    for (const t of [ledgerTemplate, scoringTemplate, fiveStarTemplate]) {
      const { kind, id: _id, name: _name, version: _version, ...definition } = t
      expect(validateDefinition(kind, definition).issues, t.id).toEqual([])
    }
  })

  it('a template document, and defineTemplate builds the flat template', () => {
    const doc = {
      id: 'tech',
      kind: 'ledger',
      name: '科技企业台账',
      version: 2,
      definition: techDefinition,
    }
    const result = templateFromDocument(doc)
    expect(result.ok && result.template).toMatchObject({ kind: 'ledger', id: 'tech', version: 2 })
    expect(
      defineTemplate({ kind: 'ledger', id: 'tech', name: '科技', version: 1 }, techDefinition)
        .columns,
    ).toHaveLength(33)
  })
})

describe('limits: a definition is hostile input', () => {
  const deep = (levels: number): unknown => {
    let c: unknown = { op: 'filled', left: { col: 'name' } }
    for (let i = 0; i < levels; i++) c = { not: c }
    return c
  }

  it('conditions nest at most 16 levels', () => {
    expect(issues('ledger', withRule({ when: deep(15) }))).toEqual([])
    expect(issues('ledger', withRule({ when: deep(16) }))).toEqual([
      { path: `rules[0].when${'.not'.repeat(16)}`, message: '嵌套超过16层' },
    ])
  })

  it('expressions count toward the depth', () => {
    let e: unknown = { col: 'members' }
    for (let i = 0; i < 16; i++) e = { add: [e] }
    expect(issues('ledger', withRule({ when: { op: '>=', left: e, right: 1 } }))[0]!.message).toBe(
      '嵌套超过16层',
    )
  })

  it('100,000 levels of nesting are refused without recursion', () => {
    let v: unknown = 1
    for (let i = 0; i < 100_000; i++) v = [v]
    const found = issues('ledger', { columns: v })
    expect(found).toHaveLength(1)
    expect(found[0]!.message).toBe('嵌套层数过深（条件和表达式最多16层）')
    expect(issues('ledger', withRule({ when: deep(100_000) }))[0]!.message).toBe(
      '嵌套层数过深（条件和表达式最多16层）',
    )
  })

  it('256 KiB in all, as text or as a value; a cycle nests without end and is refused', () => {
    const big = 'x'.repeat(DEFINITION_LIMITS.bytes)
    const tooBig = { path: '', message: '表样定义过大（最多 256 KiB）' }
    expect(issues('ledger', big + 'x')).toEqual([tooBig])
    expect(issues('ledger', { columns, note: big })).toEqual([tooBig])
    expect(issues('ledger', { columns: Array.from({ length: 200_000 }, () => 0) })).toEqual([
      tooBig,
    ])
    const cyclic: Record<string, unknown> = { columns }
    cyclic.self = cyclic
    expect(issues('ledger', cyclic)).toEqual([
      expect.objectContaining({ message: '嵌套层数过深（条件和表达式最多16层）' }),
    ])
    // 汉字 are three bytes each in UTF-8.
    expect(issues('ledger', { columns, note: '汉'.repeat(90_000) })).toEqual([tooBig])
  })

  it('≤ 200 columns, rules and indicators', () => {
    const manyColumns = Array.from({ length: 201 }, (_, i) => ({
      id: `c${i}`,
      label: `列${i}`,
      type: 'text',
    }))
    expect(issues('ledger', { columns: manyColumns })).toEqual([
      { path: 'columns', message: '最多200项' },
    ])
    const rules = Array.from({ length: 201 }, (_, i) => ({ ...baseRule, id: `r${i}` }))
    expect(issues('ledger', { columns, rules })).toEqual([{ path: 'rules', message: '最多200项' }])
    const indicators = Array.from({ length: 201 }, (_, i) => ({
      id: `i${i}`,
      label: `指标${i}`,
      kind: 'count',
    }))
    expect(issues('ledger', { columns, indicators })).toEqual([
      { path: 'indicators', message: '最多200项' },
    ])
    const { kind: _k, id: _i, name: _n, version: _v, ...scoring } = scoringTemplate
    const criteria = Array.from({ length: 190 }, (_, i) => ({
      id: `k${i}`,
      label: `项${i}`,
      group: '组',
      max: 1,
    }))
    expect(issues('scoring', { ...scoring, criteria, rules: [] })).toEqual([])
    const tooMany = Array.from({ length: 191 }, (_, i) => ({
      id: `k${i}`,
      label: `项${i}`,
      group: '组',
      max: 1,
    }))
    expect(issues('scoring', { ...scoring, criteria: tooMany, rules: [] })).toEqual([
      { path: 'criteria', message: '列数（含评分项）最多200列，现有201列' },
    ])
  })

  it('strings and lists inside have their own bounds', () => {
    expect(issues('ledger', withRule({ message: '长'.repeat(501) }))).toEqual([
      { path: 'rules[0].message', message: '最多500个字' },
    ])
    expect(
      issues('ledger', { columns: [{ id: 'a'.repeat(65), label: '甲', type: 'text' }] })[0],
    ).toEqual({ path: 'columns[0].id', message: '最多64个字' })
    const options = Array.from({ length: 201 }, (_, i) => `选项${i}`)
    expect(
      issues('ledger', { columns: [{ id: 'a', label: '甲', type: 'option', options }] }),
    ).toEqual([{ path: 'columns[0].options', message: '最多200项' }])
  })

  it('not JSON: functions, NaN, Infinity, class instances, unparsable text', () => {
    expect(issues('ledger', { columns, f: () => 1 })).toEqual([
      { path: 'f', message: '不是合法的 JSON 值' },
    ])
    expect(
      issues('ledger', withRule({ when: { op: '>=', left: { col: 'members' }, right: Infinity } })),
    ).toEqual([{ path: 'rules[0].when.right', message: '数字必须是有限值' }])
    expect(issues('ledger', { columns, at: new Date() })).toEqual([
      { path: 'at', message: '不是合法的 JSON 值' },
    ])
    expect(issues('ledger', '{"columns": [')).toEqual([{ path: '', message: '不是合法的 JSON' }])
  })

  it('reports at most 100 issues', () => {
    const rules = Array.from({ length: 150 }, (_, i) => ({
      ...baseRule,
      id: `r${i}`,
      column: `missing${i}`,
    }))
    expect(issues('ledger', { columns, rules })).toHaveLength(MAX_ISSUES)
  })

  it('scanJson walks with its own stack and stops at the first limit', () => {
    expect(scanJson({ a: [1, 'x', true, null, { b: 2 }] })).toBeNull()
    expect(scanJson([[[1]]], { bytes: 1000, jsonDepth: 2 })).toEqual({
      path: '[0][0][0]',
      message: '嵌套层数过深（条件和表达式最多16层）',
    })
  })
})
