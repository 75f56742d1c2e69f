import { columnsOf, ledgerTemplate, scoringTemplate } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import { formSections } from './formSections'

describe('formSections', () => {
  it('groups the ledger form like its headers', () => {
    const sections = formSections(columnsOf(ledgerTemplate))
    expect(sections.map((s) => [s.title, s.columns.length])).toEqual([
      ['基本信息', 9],
      ['人员', 4],
      ['党组织', 6],
      ['群团组织', 3],
      ['六有', 6],
      ['其他', 4],
    ])
    expect(sections.flatMap((s) => s.columns.map((c) => c.id))).toEqual(
      ledgerTemplate.columns.map((c) => c.id),
    )
  })

  it('puts each scoring category in its own section, 总分 and 等次 after them', () => {
    const titles = formSections(columnsOf(scoringTemplate)).map((s) => s.title)
    expect(titles).toEqual([
      '基本信息',
      '组织建设',
      '阵地建设"六有"',
      '制度与档案',
      '经费保障',
      '活动开展',
      '作用发挥',
      '其他',
    ])
  })
})
