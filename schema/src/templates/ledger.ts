/**
 * @module templates/ledger
 * 网格台账 — the grid ledger (SPEC §2.1): one row per organisation in a grid.
 * Column ids, labels and option values are a contract (SPEC §6.1): imports match
 * headers against these labels, exports write them, scripts read the ids. The rules
 * (`ledgerRules`) and indicators (`ledgerIndicators`) are data beside it.
 */
import type { Column, LedgerTemplate } from './types'
import { defineTemplate } from '../definition/validateDefinition'
import { ledgerIndicators } from './ledgerIndicators'
import {
  BUILT_FORM_LIST,
  CATEGORIES,
  NEW_ECONOMIC_CATEGORIES,
  NEW_SOCIAL_CATEGORIES,
  ORG_FORMS,
  SIX_HAVE_COLUMNS,
} from './ledgerOptions'
import { ledgerRules } from './ledgerRules'

export { CATEGORIES, ORG_FORMS, SIX_HAVE_COLUMNS }
/** 新经济组织: the categories counted as new economic organisations. */
export const NEW_ECONOMIC = new Set<string>(NEW_ECONOMIC_CATEGORIES)
/** 新社会组织. */
export const NEW_SOCIAL = new Set<string>(NEW_SOCIAL_CATEGORIES)
/** 已建党组织 = 单独组建 + 联合组建 + 挂靠组建. */
export const BUILT_FORMS = new Set<string>(BUILT_FORM_LIST)

const yesno = (id: string, label: string, group?: string): Column => ({
  id,
  label,
  type: 'yesno',
  width: 6,
  ...(group ? { group } : {}),
})

const count = (id: string, label: string, group: string, required = false): Column => ({
  id,
  label,
  group,
  type: 'integer',
  min: 0,
  width: 8,
  ...(required ? { required } : {}),
})

export const ledgerColumns: Column[] = [
  { id: 'name', label: '组织名称', type: 'text', required: true, width: 24 },
  { id: 'creditCode', label: '统一社会信用代码', type: 'creditCode', width: 20 },
  {
    id: 'category',
    label: '组织类别',
    type: 'option',
    options: [...CATEGORIES],
    required: true,
    width: 10,
  },
  { id: 'industry', label: '行业', type: 'text', width: 10 },
  yesno('aboveScale', '是否规模以上'),
  { id: 'grid', label: '所属网格', type: 'text', width: 12 },
  { id: 'address', label: '地址', type: 'text', width: 24 },
  { id: 'leader', label: '负责人', type: 'text', width: 8 },
  { id: 'phone', label: '联系电话', type: 'phone', width: 14 },
  count('employees', '从业人员数', '人员', true),
  count('members', '正式党员数', '人员'),
  count('probationary', '预备党员数', '人员'),
  count('activists', '入党积极分子数', '人员'),
  {
    id: 'orgForm',
    label: '组建方式',
    group: '党组织',
    type: 'option',
    options: [...ORG_FORMS],
    optionAliases: { '区域党支部覆盖(1+N)': '区域党支部覆盖', '1+N': '区域党支部覆盖' },
    required: true,
    width: 12,
  },
  { id: 'orgName', label: '党组织名称', group: '党组织', type: 'text', width: 20 },
  { id: 'secretary', label: '书记姓名', group: '党组织', type: 'text', width: 8 },
  {
    id: 'secretaryTrainingDays',
    label: '书记年度培训天数',
    group: '党组织',
    type: 'integer',
    min: 0,
    width: 8,
  },
  yesno('oneShoulder', '是否"一肩挑"', '党组织'),
  { id: 'instructor', label: '党建指导员', group: '党组织', type: 'text', width: 8 },
  yesno('union', '工会', '群团组织'),
  yesno('youthLeague', '共青团', '群团组织'),
  yesno('womenFed', '妇联', '群团组织'),
  yesno('hasSite', '有场所', '六有'),
  yesno('hasFacilities', '有设施', '六有'),
  yesno('hasSign', '有标志', '六有'),
  yesno('hasFlag', '有党旗', '六有'),
  yesno('hasBooks', '有书报', '六有'),
  yesno('hasRules', '有制度', '六有'),
  { id: 'stars', label: '星级', type: 'integer', min: 1, max: 5, width: 6 },
  { id: 'partyFunds', label: '年度党建经费', unit: '元', type: 'money', min: 0, width: 12 },
  { id: 'payroll', label: '年度工资总额', unit: '元', type: 'money', min: 0, width: 14 },
  { id: 'note', label: '备注', type: 'longText', width: 20 },
]

/**
 * The built-in 网格台账: its columns, the named checks (check character and duplicates of
 * the credit code, the phone format), the rules of §2.1 and the indicators of §2.4 — all
 * data in the template language, validated like a district's template when this module
 * loads.
 */
export const ledgerTemplate: LedgerTemplate = defineTemplate(
  { kind: 'ledger', id: 'ledger', name: '网格台账', version: 1 },
  {
    columns: ledgerColumns,
    checks: [
      { check: 'creditCode', column: 'creditCode' },
      { check: 'unique', column: 'creditCode' },
      { check: 'phone', column: 'phone' },
    ],
    rules: ledgerRules,
    indicators: ledgerIndicators,
  },
)
