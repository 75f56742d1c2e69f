/**
 * @module demo/demoTemplate
 * The demo district's own 网格台账 (SPEC §7: a district adds a column and changes a threshold
 * without code): `tinghu-tech-ledger` 亭湖区科技企业台账 — the built-in ledger plus 科技人员数
 * (`techStaff`), with "50人以上企业应有党员" lowered to 30 (`over30-no-member`, as the seeds'
 * "30人以上科技企业" asks), a rule on 科技人员数 itself, and an indicator with a target.
 * Plain data, as a district administrator would save it through `POST /api/templates`.
 */
import {
  ledgerColumns,
  ledgerIndicatorDefinitions,
  ledgerRules,
  type LedgerDefinition,
} from '@taizhang/schema'

export const DEMO_TEMPLATE_ID = 'tinghu-tech-ledger'
export const DEMO_TEMPLATE_NAME = '亭湖区科技企业台账'

/** `{op: '>=', left: {col: 'employees'}, right: 50}` anywhere in a condition → 30. */
function lowerThreshold(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(lowerThreshold)
  if (!node || typeof node !== 'object') return node
  const n = node as Record<string, unknown>
  const left = n.left as { col?: string } | undefined
  if (n.op === '>=' && left?.col === 'employees' && n.right === 50) return { ...n, right: 30 }
  return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, lowerThreshold(v)]))
}

export const demoTemplateDefinition: LedgerDefinition = {
  columns: [
    ...ledgerColumns.slice(
      0,
      ledgerColumns.findIndex((c) => c.id === 'members'),
    ),
    { id: 'techStaff', label: '科技人员数', group: '人员', type: 'integer', min: 0, width: 8 },
    ...ledgerColumns.slice(ledgerColumns.findIndex((c) => c.id === 'members')),
  ],
  checks: [
    { check: 'creditCode', column: 'creditCode' },
    { check: 'unique', column: 'creditCode' },
    { check: 'phone', column: 'phone' },
  ],
  rules: [
    ...ledgerRules.map((r) =>
      r.id === 'over50-no-member'
        ? {
            ...r,
            id: 'over30-no-member',
            message: '30人以上企业应有党员',
            when: lowerThreshold(r.when) as typeof r.when,
          }
        : r,
    ),
    {
      id: 'tech-exceed-employees',
      column: 'techStaff',
      severity: 'error',
      message: '科技人员数不能多于从业人员数',
      when: { op: '>', left: { col: 'techStaff' }, right: { col: 'employees' } },
    },
  ],
  indicators: [
    ...ledgerIndicatorDefinitions,
    { id: 'techStaff', label: '科技人员数', kind: 'sum', col: 'techStaff' },
    {
      id: 'over30WithMemberRate',
      label: '30人以上企业有党员率',
      kind: 'rate',
      den: {
        all: [
          { op: 'in', left: { col: 'category' }, right: ['非公企业', '个体工商户', '专业市场'] },
          { op: '>=', left: { col: 'employees' }, right: 30 },
        ],
      },
      num: {
        op: '>=',
        left: {
          add: [
            { col: 'members', ifEmpty: 0 },
            { col: 'probationary', ifEmpty: 0 },
          ],
        },
        right: 1,
      },
      target: { op: '>=', value: 90 },
    },
  ],
} as LedgerDefinition
