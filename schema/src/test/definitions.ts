/**
 * @module test/definitions
 * Template definitions the tests share: the SPEC §7 example, a district's 网格台账 with a
 * 科技人员数 column, a rule "30人以上科技企业应有党员" on it, and four indicators (a count, a
 * sum, a rate with a target, a distribution). As plain JSON data, the way the save route and
 * the CLI receive a definition.
 */
import { ledgerTemplate } from '../templates/ledger'

/** The SPEC §7 example as a district would write it: the built-in ledger plus 科技人员数. */
export const techDefinition = {
  columns: [
    ...ledgerTemplate.columns,
    { id: 'techStaff', label: '科技人员数', group: '人员', type: 'integer', min: 0 },
  ],
  checks: [
    { check: 'creditCode', column: 'creditCode' },
    { check: 'unique', column: 'creditCode' },
    { check: 'phone', column: 'phone' },
  ],
  rules: [
    {
      id: 'tech30-no-member',
      column: 'members',
      severity: 'warning',
      message: '30人以上科技企业应有党员',
      when: {
        all: [
          { op: 'in', left: { col: 'industry' }, right: ['信息技术'] },
          { op: '>=', left: { col: 'techStaff' }, right: 30 },
        ],
      },
      require: {
        op: '>=',
        left: { add: [{ col: 'members' }, { col: 'probationary' }] },
        right: 1,
      },
    },
  ],
  indicators: [
    { id: 'orgCount', label: '组织总数', kind: 'count' },
    { id: 'employees', label: '从业人员数', kind: 'sum', col: 'employees' },
    {
      id: 'singleRate',
      label: '单独组建率',
      kind: 'rate',
      den: { op: '>=', left: { col: 'members' }, right: 3 },
      num: { op: '==', left: { col: 'orgForm' }, right: '单独组建' },
      target: { op: '>=', value: 98 },
    },
    { id: 'stars', label: '星级分布', kind: 'distribution', col: 'stars', values: [1, 2, 3, 4, 5] },
  ],
}
