/**
 * @module components/formatValue
 * A stored cell value as short plain text for panels and dialogs (never as HTML):
 * schema's `valueText`, with an empty cell shown as （空）.
 */
import { valueText, type CellValue } from '@taizhang/schema'

export function formatValue(value: CellValue | undefined): string {
  return valueText(value) || '（空）'
}

/** An ISO time as local 年-月-日 时:分. */
export function formatTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`
}
