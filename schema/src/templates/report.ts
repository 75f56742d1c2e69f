/**
 * @module templates/report
 * 调研报告 — the investigation report (SPEC §2.3): meta fields plus four rich-text
 * sections, each a top-level `Y.XmlFragment` named by the section id (SPEC §6.3).
 */
import { ReportTemplateSchema, type ReportTemplate } from './types'

export const reportTemplate: ReportTemplate = ReportTemplateSchema.parse({
  kind: 'report',
  id: 'report',
  name: '调研报告',
  version: 1,
  fields: [
    { id: 'title', label: '标题', type: 'text' },
    { id: 'surveyUnit', label: '调研单位', type: 'text' },
    { id: 'surveyDate', label: '调研时间', type: 'date' },
  ],
  sections: [
    { id: 'basic', label: '一、基本情况' },
    { id: 'practices', label: '二、主要做法' },
    { id: 'problems', label: '三、存在问题' },
    { id: 'nextSteps', label: '四、下一步打算' },
  ],
})
