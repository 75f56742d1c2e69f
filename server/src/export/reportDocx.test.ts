// The report as docx: every section heading and every piece of text is in document.xml.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { reportTemplate } from '@taizhang/schema'
import { writeReportDocx } from './reportDocx'
import { buildReportDoc } from '../test/reportDoc'

/** The text of word/document.xml, tags removed (runs joined). */
function documentText(docx: Buffer): { xml: string; text: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'taizhang-docx-')), 'report.docx')
  writeFileSync(file, docx)
  const xml = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString('utf8')
  return { xml, text: xml.replace(/<w:br\/>/g, '\n').replace(/<[^>]+>/g, '') }
}

describe('writeReportDocx', async () => {
  const doc = buildReportDoc()
  const sections = Object.fromEntries(
    reportTemplate.sections.map((s) => [s.id, doc.getXmlFragment(s.id)]),
  )
  const buffer = await writeReportDocx({
    title: '关于城东街道两新组织党建工作的调研报告',
    surveyUnit: '亭湖区委组织部',
    surveyDate: '2026-05-20',
    sections,
    version: { hash: '77aa11bb22cc', at: '2026-05-21T08:00:00Z' },
  })
  const { xml, text } = documentText(buffer)

  it('is a zip (docx) with the title and meta lines', () => {
    expect(buffer.subarray(0, 2).toString()).toBe('PK')
    expect(text).toContain('关于城东街道两新组织党建工作的调研报告')
    expect(text).toContain('调研单位：亭湖区委组织部')
    expect(text).toContain('调研时间：2026-05-20')
    expect(text).toContain('版本 77aa11bb')
  })

  it('has the four section headings in order', () => {
    const at = reportTemplate.sections.map((s) => text.indexOf(s.label))
    expect(reportTemplate.sections.map((s) => s.label)).toEqual([
      '一、基本情况',
      '二、主要做法',
      '三、存在问题',
      '四、下一步打算',
    ])
    expect(at.every((i) => i >= 0)).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
  })

  it('has every section text, formatted', () => {
    for (const piece of [
      '全街道共有两新组织',
      '326',
      '已建党组织数',
      '60.7%',
      '（一）抓组织覆盖',
      '“1+N”区域党支部',
      '实现小微企业全覆盖。',
      '选派党建指导员 36 名',
      '每周走访一次',
      '“六有”阵地',
      '落实党建经费不少于工资总额0.5%',
    ]) {
      expect(text, piece).toContain(piece)
    }
    expect(xml).toContain('<w:tbl>')
    expect(xml).toContain('<w:gridSpan w:val="2"/>')
    expect(xml).toMatch(/<w:b\/>[\s\S]*?326/)
    expect(xml).toContain('<w:numPr>')
  })

  it('writes the headings even for empty sections', async () => {
    const empty = await writeReportDocx({
      title: '空报告',
      surveyUnit: '某单位',
      surveyDate: '',
      sections: {},
    })
    const { text: t } = documentText(empty)
    for (const s of reportTemplate.sections) expect(t).toContain(s.label)
  })
})
