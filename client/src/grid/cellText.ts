/**
 * @module grid/cellText
 * How a stored cell value reads as text in the grid, the form view, copy and the editor
 * it opens with: 是/否 for yes/no, numbers as typed, unreadable values as the text that
 * was kept. The reverse direction (text → stored value) is the schema's `parseCell`.
 */
import type { CellValue, Column } from '@taizhang/schema'

export function displayText(column: Column, value: CellValue | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (typeof value === 'number') {
    if (column.type === 'money') return value.toLocaleString('zh-CN', { maximumFractionDigits: 2 })
    return String(value)
  }
  return value
}

/** The text an editor starts with: like the display, but money without separators. */
export function editText(_column: Column, value: CellValue | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'boolean') return value ? '是' : '否'
  return String(value)
}
