/**
 * @module grid/cellText
 * How a stored cell value reads in the grid, the form view and copy: schema's `valueText`
 * (是/否 for yes/no, numbers as typed, unreadable values as the text that was kept), with
 * money grouped in thousands for reading. Editors start from the plain `valueText`, so
 * money opens without separators. The reverse direction (text → stored value) is the
 * schema's `parseCell`.
 */
import { valueText, type CellValue, type Column } from '@taizhang/schema'

export function displayText(column: Column, value: CellValue | undefined): string {
  if (column.type === 'money' && typeof value === 'number') {
    return value.toLocaleString('zh-CN', { maximumFractionDigits: 2 })
  }
  return valueText(value)
}
