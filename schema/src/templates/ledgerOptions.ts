/**
 * @module templates/ledgerOptions
 * The option values of the 网格台账 (SPEC §2.1, §6.1) and the groups of them its rules and
 * indicators name: 新经济组织, 新社会组织, 已建党组织, the 六有 columns. One list each,
 * shared by the columns, the rules, the indicators and the demo data.
 */

/** 组织类别 options. */
export const CATEGORIES = ['非公企业', '社会组织', '个体工商户', '专业市场'] as const
/** 新经济组织: the categories counted as new economic organisations. */
export const NEW_ECONOMIC_CATEGORIES = ['非公企业', '个体工商户', '专业市场']
/** 新社会组织. */
export const NEW_SOCIAL_CATEGORIES = ['社会组织']

/** 组建方式 options. */
export const ORG_FORMS = ['单独组建', '联合组建', '挂靠组建', '区域党支部覆盖', '未建立'] as const
/** 已建党组织 = 单独组建 + 联合组建 + 挂靠组建. */
export const BUILT_FORM_LIST = ['单独组建', '联合组建', '挂靠组建']

/** 六有 columns, all yes/no. */
export const SIX_HAVE_COLUMNS = [
  'hasSite',
  'hasFacilities',
  'hasSign',
  'hasFlag',
  'hasBooks',
  'hasRules',
] as const
