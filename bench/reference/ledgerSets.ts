/**
 * @module bench/reference/ledgerSets
 * The groups of 网格台账 option values the frozen hand-written rules and indicators test
 * against (SPEC §2.1), as they were written before the template language: 新经济组织,
 * 新社会组织, 已建党组织. Frozen with the rest of `bench/reference`, so the benchmark's
 * reference does not follow later changes to the built-in template's data.
 */

/** 新经济组织: the categories counted as new economic organisations. */
export const NEW_ECONOMIC = new Set<string>(['非公企业', '个体工商户', '专业市场'])
/** 新社会组织. */
export const NEW_SOCIAL = new Set<string>(['社会组织'])
/** 已建党组织 = 单独组建 + 联合组建 + 挂靠组建. */
export const BUILT_FORMS = new Set<string>(['单独组建', '联合组建', '挂靠组建'])
