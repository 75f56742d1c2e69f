/**
 * @module grid/formSections
 * The sections of the row form view (phones): consecutive columns of one group form a
 * section, as the grid's grouped headers do (人员, 党组织, 群团组织, 六有 …); ungrouped
 * columns before the first group are 基本信息, those after it 其他.
 */
import type { Column } from '@taizhang/schema'

export interface FormSection {
  title: string
  columns: Column[]
}

export function formSections(columns: readonly Column[]): FormSection[] {
  const sections: FormSection[] = []
  let seenGroup = false
  for (const column of columns) {
    const title = column.group ?? (seenGroup ? '其他' : '基本信息')
    if (column.group) seenGroup = true
    const last = sections[sections.length - 1]
    if (last && last.title === title) last.columns.push(column)
    else sections.push({ title, columns: [column] })
  }
  return sections
}
