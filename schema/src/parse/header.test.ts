// Header matching as SPEC §6.1 describes it: spaces, 全角/半角, quote kinds, trailing
// units, 序号 and unknown columns, ids as headers, two-level headers.
import { describe, expect, it } from 'vitest'
import { ledgerTemplate } from '../templates/ledger'
import { scoringTemplate } from '../templates/scoring'
import { headerKey, matchHeaders, normalizeHeader } from './header'

describe('normalizeHeader / headerKey', () => {
  it('ignores spaces (全角 too), line breaks, 全角/半角 and quote kinds', () => {
    const want = normalizeHeader('是否"一肩挑"')
    for (const h of [
      '是否“一肩挑”',
      '是否「一肩挑」',
      "是否'一肩挑'",
      ' 是否\n"一肩挑" ',
      '是　否＂一肩挑＂',
    ]) {
      expect(normalizeHeader(h)).toBe(want)
    }
  })
  it('drops a trailing unit in brackets, 全角 or 半角', () => {
    expect(headerKey('年度党建经费(元)')).toBe('年度党建经费')
    expect(headerKey('从业人员数（人）')).toBe('从业人员数')
    expect(headerKey('场所(3分)')).toBe('场所')
    expect(headerKey('三会一课与组织生活 （10分）')).toBe('三会一课与组织生活')
  })
})

describe('matchHeaders', () => {
  it('matches labels however they are typed, and ids', () => {
    const m = matchHeaders(ledgerTemplate, [
      '组 织 名 称',
      '统一社会\n信用代码',
      'category',
      '从业人员数（人）',
      'ORGFORM',
      '是否“一肩挑”',
      '年度党建经费（元）',
      '年度工资总额(万元)',
      '正式党员数',
    ])
    expect(m.mapping).toEqual([
      'name',
      'creditCode',
      'category',
      'employees',
      'orgForm',
      'oneShoulder',
      'partyFunds',
      'payroll',
      'members',
    ])
    expect(m.unknown).toEqual([])
    expect(m.missingRequired).toEqual([])
  })

  it('accepts the other names townships use for a column', () => {
    const m = matchHeaders(ledgerTemplate, ['企业名称', '社会信用代码', '职工人数(人)', '组建形式'])
    expect(m.mapping).toEqual(['name', 'creditCode', 'employees', 'orgForm'])
  })

  it('ignores 序号 and empty cells, lists unknown headers once', () => {
    const m = matchHeaders(ledgerTemplate, ['序号', '组织名称', '微信号', '', '微信号', '组织类别'])
    expect(m.mapping).toEqual([null, 'name', null, null, null, 'category'])
    expect(m.unknown).toEqual(['微信号'])
  })

  it('reports missing required columns by id', () => {
    const m = matchHeaders(ledgerTemplate, ['组织名称', '组建方式'])
    expect(m.missingRequired).toEqual(['category', 'employees'])
  })

  it('a second header for the same column is ignored and listed, not mixed in', () => {
    const m = matchHeaders(ledgerTemplate, ['组织名称', '组织名称'])
    expect(m.mapping).toEqual(['name', null])
    expect(m.unknown).toEqual(['组织名称'])
  })

  it('two-level headers: the lower cell, then the group combination or the tail inside the group', () => {
    const groups = ['组织名称', '人员', '人员', '党组织', '党组织', '六有', '六有']
    const lower = ['组织名称', '从业人员数', '正式党员数', '名称', '书记姓名', '场所', '有党旗']
    const m = matchHeaders(ledgerTemplate, lower, groups)
    expect(m.mapping).toEqual([
      'name',
      'employees',
      'members',
      'orgName',
      'secretary',
      'hasSite',
      'hasFlag',
    ])
  })

  it('an empty lower cell takes the group cell (two-level header saved without merges)', () => {
    const m = matchHeaders(ledgerTemplate, ['', '从业人员数', ''], ['组织名称', '人员', '组织类别'])
    expect(m.mapping).toEqual(['name', 'employees', 'category'])
  })

  it('scoring headers with max points match criteria', () => {
    const m = matchHeaders(scoringTemplate, [
      '组织名称',
      '督查日期',
      '场所(3分)',
      '“5簿6册1卡”档案齐全（10分）',
      '活动经费不少于工资总额0.5%(10分)',
      '党员示范岗/责任区(5分)',
      '总分(100分)',
      '等次',
    ])
    expect(m.mapping).toEqual([
      'org',
      'date',
      'site',
      'archives',
      'funds',
      'exemplary',
      'total',
      'grade',
    ])
    expect(m.missingRequired).toEqual([])
  })
})
