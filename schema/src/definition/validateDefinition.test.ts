/**
 * The save-time checks of SPEC §7, one by one: each mistake a district can make gives an
 * issue whose path names the place and whose message says, in Chinese, what is wrong.
 * What passes the gate, and hostile input: definitionGate.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { ledgerTemplate } from '../templates/ledger'
import { scoringTemplate } from '../templates/scoring'
import { TemplateDefinitionError, type DefinitionIssue } from './issue'
import { defineTemplate, templateFromDocument, validateDefinition } from './validateDefinition'

const columns = ledgerTemplate.columns
const baseRule = { id: 'x', column: 'members', severity: 'warning', message: '提示' }
const withRule = (rule: Record<string, unknown>) => ({ columns, rules: [{ ...baseRule, ...rule }] })
const withIndicator = (ind: Record<string, unknown>) => ({
  columns,
  indicators: [{ id: 'x', label: '指标', ...ind }],
})
const issues = (kind: 'ledger' | 'scoring', json: unknown): DefinitionIssue[] =>
  validateDefinition(kind, json).issues

describe('validateDefinition refuses, naming the place in Chinese', () => {
  // [what, kind, definition, expected first issue]
  const cases: [string, 'ledger' | 'scoring', unknown, DefinitionIssue][] = [
    [
      'a column that does not exist (SPEC §7 example)',
      'ledger',
      withRule({
        when: {
          all: [
            { op: '>=', left: { col: 'employees' }, right: 1 },
            { op: '>=', left: { col: 'techStaf' }, right: 30 },
          ],
        },
      }),
      { path: 'rules[0].when.all[1].left.col', message: '列「techStaf」不存在' },
    ],
    [
      'a rule on a column that does not exist',
      'ledger',
      withRule({ column: 'memebers' }),
      { path: 'rules[0].column', message: '列「memebers」不存在' },
    ],
    [
      'an option value the column does not have',
      'ledger',
      withRule({ when: { op: 'in', left: { col: 'category' }, right: ['非公企业', '国企'] } }),
      { path: 'rules[0].when.right[1]', message: '「国企」不是列「组织类别」的选项' },
    ],
    [
      '== with an option the column does not have',
      'ledger',
      withRule({ when: { op: '==', left: { col: 'orgForm' }, right: '独立组建' } }),
      { path: 'rules[0].when.right', message: '「独立组建」不是列「组建方式」的选项' },
    ],
    [
      '< on a text column',
      'ledger',
      withRule({ when: { op: '<', left: { col: 'name' }, right: 3 } }),
      { path: 'rules[0].when.left', message: '「<」只能比较数字或日期，列「组织名称」是文字' },
    ],
    [
      '>= between a number and a date',
      'scoring',
      (() => {
        const { kind: _k, id: _i, name: _n, version: _v, ...d } = scoringTemplate
        return {
          ...d,
          rules: [
            {
              ...baseRule,
              column: 'date',
              when: { op: '>=', left: { col: 'meetings' }, right: { today: true } },
            },
          ],
        }
      })(),
      {
        path: 'rules[0].when.right',
        message: '「>=」两边应同为数字或同为日期：列「三会一课与组织生活」是数字，今天是日期',
      },
    ],
    [
      'a date literal that is not YYYY-MM-DD',
      'scoring',
      (() => {
        const { kind: _k, id: _i, name: _n, version: _v, ...d } = scoringTemplate
        return {
          ...d,
          rules: [
            {
              ...baseRule,
              column: 'date',
              when: { op: '<', left: { col: 'date' }, right: '2026/3/5' },
            },
          ],
        }
      })(),
      { path: 'rules[0].when.right', message: '「2026/3/5」不是 YYYY-MM-DD 格式的日期' },
    ],
    [
      'add over a text column',
      'ledger',
      withRule({
        when: { op: '>=', left: { add: [{ col: 'members' }, { col: 'name' }] }, right: 1 },
      }),
      { path: 'rules[0].when.left.add[1]', message: '「add」只能对数字运算，列「组织名称」是文字' },
    ],
    [
      'mul over a yes/no column',
      'ledger',
      withRule({ when: { op: '>=', left: { mul: [0.005, { col: 'union' }] }, right: 1 } }),
      { path: 'rules[0].when.left.mul[1]', message: '「mul」只能对数字运算，列「工会」是是否值' },
    ],
    [
      '== between a yes/no and a text column',
      'ledger',
      withRule({ when: { op: '==', left: { col: 'union' }, right: { col: 'name' } } }),
      {
        path: 'rules[0].when.right',
        message: '「==」两边类型不一致：列「工会」是是否值，列「组织名称」是文字',
      },
    ],
    [
      'a number compared with text',
      'ledger',
      withRule({ when: { op: '==', left: { col: 'employees' }, right: '50' } }),
      { path: 'rules[0].when.right', message: '应为数字：列「从业人员数」是数字' },
    ],
    [
      'a yes/no compared with 是',
      'ledger',
      withRule({ when: { op: '==', left: { col: 'union' }, right: '是' } }),
      { path: 'rules[0].when.right', message: '应为 true 或 false：列「工会」是是否值' },
    ],
    [
      'ifEmpty of the wrong type',
      'ledger',
      withRule({ when: { op: '>=', left: { col: 'members', ifEmpty: '零' }, right: 1 } }),
      { path: 'rules[0].when.left.ifEmpty', message: '应为数字：列「正式党员数」是数字' },
    ],
    [
      'empty on something that is not a column',
      'ledger',
      withRule({ when: { op: 'empty', left: { add: [1] } } }),
      { path: 'rules[0].when.left', message: '「empty」只能用于列，如 {"col": "instructor"}' },
    ],
    [
      'an unknown operator',
      'ledger',
      withRule({ when: { op: '=>', left: { col: 'members' }, right: 1 } }),
      {
        path: 'rules[0].when.op',
        message: '「=>」不存在，应为 ==、!=、<、<=、>、>=、in、empty、filled 之一',
      },
    ],
    [
      'a condition that is no condition at all',
      'ledger',
      withRule({ when: { members: 3 } }),
      {
        path: 'rules[0].when',
        message: '应为条件：{"all": […]}、{"any": […]}、{"not": …} 或 {"op": …, "left": …}',
      },
    ],
    [
      'an expression with two forms',
      'ledger',
      withRule({ when: { op: '>=', left: { col: 'members', add: [1] }, right: 1 } }),
      { path: 'rules[0].when.left', message: '只能用「col」或「add」中的一个' },
    ],
    [
      'a typo in a key',
      'ledger',
      withRule({ requrie: { op: 'filled', left: { col: 'members' } } }),
      { path: 'rules[0].requrie', message: '未知字段「requrie」' },
    ],
    [
      'a column id of the wrong type',
      'ledger',
      withRule({ when: { op: 'filled', left: { col: 3 } } }),
      { path: 'rules[0].when.left.col', message: '应为文字' },
    ],
    [
      'an empty all',
      'ledger',
      withRule({ when: { all: [] } }),
      { path: 'rules[0].when.all', message: '不能为空，至少一项' },
    ],
    [
      'a missing message',
      'ledger',
      { columns, rules: [{ id: 'x', column: 'members', severity: 'warning' }] },
      { path: 'rules[0].message', message: '缺少「message」' },
    ],
    [
      'an unknown severity',
      'ledger',
      withRule({ severity: 'info' }),
      { path: 'rules[0].severity', message: '应为以下之一：error、warning' },
    ],
    [
      'a placeholder that names nothing',
      'ledger',
      withRule({ message: '现有{member}名' }),
      {
        path: 'rules[0].message',
        message: '占位符「{member}」不存在：可用列 id、show 中的名称或 {today}',
      },
    ],
    [
      'the same rule twice on one column',
      'ledger',
      { columns, rules: [baseRule, baseRule] },
      { path: 'rules[1].id', message: '规则「x」在列「members」上重复' },
    ],
    [
      'a rule id the cell checks use',
      'ledger',
      withRule({ id: 'range' }),
      { path: 'rules[0].id', message: '规则 id「range」是单元格检查的保留名' },
    ],
    [
      'a rule id a check uses',
      'ledger',
      {
        columns,
        checks: [{ check: 'phone', column: 'phone' }],
        rules: [{ ...baseRule, id: 'phone-invalid' }],
      },
      { path: 'rules[0].id', message: '规则 id「phone-invalid」已被「phone」检查使用' },
    ],
    [
      'a rule id with spaces',
      'ledger',
      withRule({ id: 'no member' }),
      { path: 'rules[0].id', message: '规则 id 只能由字母、数字和 . _ - 组成' },
    ],
    [
      'a check on a column of the wrong type',
      'ledger',
      { columns, checks: [{ check: 'creditCode', column: 'name' }] },
      {
        path: 'checks[0].column',
        message: '「creditCode」检查只能用于统一社会信用代码列，列「组织名称」是文字列',
      },
    ],
    [
      'a check on a column that does not exist',
      'ledger',
      { columns, checks: [{ check: 'unique', column: 'code' }] },
      { path: 'checks[0].column', message: '列「code」不存在' },
    ],
    [
      'an unknown check',
      'ledger',
      { columns, checks: [{ check: 'email', column: 'name' }] },
      { path: 'checks[0].check', message: '应为以下之一：creditCode、phone、unique' },
    ],
    [
      'the same check twice',
      'ledger',
      {
        columns,
        checks: [
          { check: 'unique', column: 'name' },
          { check: 'unique', column: 'name' },
        ],
      },
      { path: 'checks[1]', message: '列「组织名称」上已有「unique」检查' },
    ],
    [
      'a column id twice',
      'ledger',
      { columns: [...columns, { id: 'name', label: '名称2', type: 'text' }] },
      { path: 'columns[32].id', message: '列 id「name」重复' },
    ],
    [
      'a reserved column id',
      'ledger',
      { columns: [...columns, { id: 'constructor', label: '构造', type: 'text' }] },
      { path: 'columns[32].id', message: '列 id「constructor」是保留名，请换一个' },
    ],
    [
      'a column id that is not an identifier',
      'ledger',
      { columns: [{ id: '科技人员', label: '科技人员数', type: 'integer' }] },
      { path: 'columns[0].id', message: '列 id 只能由字母、数字和下划线组成，并以字母开头' },
    ],
    [
      'a column label twice',
      'ledger',
      { columns: [...columns, { id: 'name2', label: '组织名称', type: 'text' }] },
      { path: 'columns[32].label', message: '列名「组织名称」重复' },
    ],
    [
      'an unknown column type',
      'ledger',
      { columns: [{ id: 'a', label: '甲', type: 'number' }] },
      {
        path: 'columns[0].type',
        message:
          '应为以下之一：text、longText、integer、money、option、yesno、date、creditCode、phone、score、computed、attachment',
      },
    ],
    [
      'an option column without options',
      'ledger',
      { columns: [{ id: 'a', label: '甲', type: 'option' }] },
      { path: 'columns[0].options', message: '选项列至少需要一个选项' },
    ],
    [
      'an option twice',
      'ledger',
      { columns: [{ id: 'a', label: '甲', type: 'option', options: ['是', '否', '是'] }] },
      { path: 'columns[0].options[2]', message: '选项「是」重复' },
    ],
    [
      'an alias of an option that does not exist',
      'ledger',
      {
        columns: [
          {
            id: 'a',
            label: '甲',
            type: 'option',
            options: ['单独组建'],
            optionAliases: { '1+N': '区域党支部覆盖' },
          },
        ],
      },
      { path: 'columns[0].optionAliases["1+N"]', message: '「区域党支部覆盖」不是本列的选项' },
    ],
    [
      'options on a text column',
      'ledger',
      { columns: [{ id: 'a', label: '甲', type: 'text', options: ['x'] }] },
      { path: 'columns[0].options', message: '只有选项列可以设选项' },
    ],
    [
      'min above max',
      'ledger',
      { columns: [{ id: 'a', label: '甲', type: 'integer', min: 5, max: 1 }] },
      { path: 'columns[0].min', message: '最小值不能大于最大值' },
    ],
    [
      'a computed column in a ledger',
      'ledger',
      { columns: [{ id: 'total', label: '合计', type: 'computed' }] },
      { path: 'columns[0].type', message: '台账不能有计算列（计算列只用于评分表的总分、等次）' },
    ],
    [
      'an indicator id twice',
      'ledger',
      {
        columns,
        indicators: [
          { id: 'a', label: '甲', kind: 'count' },
          { id: 'a', label: '乙', kind: 'count' },
        ],
      },
      { path: 'indicators[1].id', message: '指标 id「a」重复' },
    ],
    [
      'an indicator id the figures already use',
      'ledger',
      withIndicator({ id: 'unit', kind: 'count' }),
      { path: 'indicators[0].id', message: '指标 id「unit」是保留名，请换一个' },
    ],
    [
      'an unknown indicator kind',
      'ledger',
      withIndicator({ kind: 'median', col: 'employees' }),
      {
        path: 'indicators[0].kind',
        message: '「median」不存在，应为 count、sum、rate、distribution、avg 之一',
      },
    ],
    [
      'a sum without its column',
      'ledger',
      withIndicator({ kind: 'sum' }),
      { path: 'indicators[0].col', message: '缺少「col」' },
    ],
    [
      'a sum of a text column',
      'ledger',
      withIndicator({ kind: 'sum', col: 'name' }),
      { path: 'indicators[0].col', message: '「求和」只能用于数字列，列「组织名称」是文字' },
    ],
    [
      'an average of an option column',
      'ledger',
      withIndicator({ kind: 'avg', col: 'category' }),
      { path: 'indicators[0].col', message: '「平均」只能用于数字列，列「组织类别」是选项' },
    ],
    [
      'a rate without a numerator',
      'ledger',
      withIndicator({ kind: 'rate' }),
      { path: 'indicators[0].num', message: '缺少「num」' },
    ],
    [
      'a rate target outside 0…100',
      'ledger',
      withIndicator({
        kind: 'rate',
        num: { op: 'filled', left: { col: 'instructor' } },
        target: { op: '>=', value: 0.98 * 1000 },
      }),
      { path: 'indicators[0].target.value', message: '比率的目标是百分数，应在0到100之间' },
    ],
    [
      'a target on a distribution',
      'ledger',
      withIndicator({ kind: 'distribution', col: 'category', target: { op: '>=', value: 1 } }),
      { path: 'indicators[0].target', message: '分布类指标不能设目标' },
    ],
    [
      'a distribution of a text column without values',
      'ledger',
      withIndicator({ kind: 'distribution', col: 'industry' }),
      { path: 'indicators[0].values', message: '列「行业」没有选项，请列出要统计的取值' },
    ],
    [
      'a distribution value twice',
      'ledger',
      withIndicator({ kind: 'distribution', col: 'stars', values: [1, 2, 2] }),
      { path: 'indicators[0].values[2]', message: '取值「2」重复' },
    ],
    [
      'a distribution value of the wrong type',
      'ledger',
      withIndicator({ kind: 'distribution', col: 'stars', values: [1, '二'] }),
      { path: 'indicators[0].values[1]', message: '应为数字：列「星级」是数字' },
    ],
    [
      'a where over a missing column',
      'ledger',
      withIndicator({ kind: 'count', where: { op: 'filled', left: { col: 'techStaff' } } }),
      { path: 'indicators[0].where.left.col', message: '列「techStaff」不存在' },
    ],
    [
      'grades out of order',
      'scoring',
      (() => {
        const { kind: _k, id: _i, name: _n, version: _v, ...d } = scoringTemplate
        return {
          ...d,
          grades: [
            { grade: '优秀', min: 90 },
            { grade: '合格', min: 60 },
            { grade: '良好', min: 80 },
          ],
        }
      })(),
      { path: 'grades[2].min', message: '等次应按分数线从高到低排列' },
    ],
    [
      'a rectification-free grade that is not a grade',
      'scoring',
      (() => {
        const { kind: _k, id: _i, name: _n, version: _v, ...d } = scoringTemplate
        return { ...d, rectificationFreeGrade: '好' }
      })(),
      { path: 'rectificationFreeGrade', message: '等次「好」不在 grades 中' },
    ],
    [
      'a computed column other than 总分 and 等次',
      'scoring',
      (() => {
        const { kind: _k, id: _i, name: _n, version: _v, ...d } = scoringTemplate
        return { ...d, trailing: [...d.trailing, { id: 'rank', label: '名次', type: 'computed' }] }
      })(),
      { path: 'trailing[5].id', message: '计算列只能是 total（总分）或 grade（等次）' },
    ],
    [
      'a criterion without its max',
      'scoring',
      (() => {
        const { kind: _k, id: _i, name: _n, version: _v, ...d } = scoringTemplate
        return { ...d, criteria: [{ id: 'a', label: '甲', group: '组' }] }
      })(),
      { path: 'criteria[0].max', message: '缺少「max」' },
    ],
    [
      'a criterion id that repeats a column',
      'scoring',
      (() => {
        const { kind: _k, id: _i, name: _n, version: _v, ...d } = scoringTemplate
        return {
          ...d,
          criteria: [...d.criteria, { id: 'org', label: '组织', group: '组', max: 5 }],
        }
      })(),
      { path: 'criteria[19].id', message: '列 id「org」重复' },
    ],
    [
      'a scoring sheet without criteria',
      'scoring',
      (() => {
        const { kind: _k, id: _i, name: _n, version: _v, ...d } = scoringTemplate
        return { ...d, criteria: [] }
      })(),
      { path: 'criteria', message: '不能为空，至少一项' },
    ],
    ['a ledger sent as something else', 'ledger', [columns], { path: '', message: '应为对象' }],
  ]

  it.each(cases)('%s', (_what, kind, json, expected) => {
    const result = validateDefinition(kind, json)
    expect(result.ok).toBe(false)
    expect(result.issues[0]).toEqual(expected)
  })

  it('an unknown kind', () => {
    expect(issues('report' as never, { columns })).toEqual([
      { path: '', message: '表样类型应为 ledger（台账）或 scoring（评分表）' },
    ])
  })

  it('a document with a bad head, or a bad definition under `definition.`', () => {
    expect(
      templateFromDocument({
        id: 'a b',
        kind: 'ledger',
        name: 'x',
        version: 1,
        definition: { columns },
      }).issues[0],
    ).toEqual({
      path: 'id',
      message: '表样 id 只能由字母、数字和 _ - 组成',
    })
    expect(
      templateFromDocument({
        id: 'a',
        kind: 'ledger',
        name: 'x',
        version: 0,
        definition: { columns },
      }).issues[0],
    ).toEqual({
      path: 'version',
      message: '应大于0',
    })
    expect(
      templateFromDocument({
        id: 'a',
        kind: 'ledger',
        name: 'x',
        version: 1,
        definition: withRule({ column: 'y' }),
      }).issues[0],
    ).toEqual({
      path: 'definition.rules[0].column',
      message: '列「y」不存在',
    })
  })

  it('defineTemplate throws with every issue attached', () => {
    const call = () =>
      defineTemplate(
        { kind: 'ledger', id: 'x', name: '错误的表样', version: 1 },
        withRule({ column: 'y' }),
      )
    expect(call).toThrow(TemplateDefinitionError)
    expect(call).toThrow('表样「错误的表样」有 1 处错误：definition.rules[0].column：列「y」不存在')
  })
})
