/**
 * @module api/types
 * Answers of the HTTP API only the web app reads (SPEC §6.3): a cell's history. The shapes
 * both sides exchange (`User`, `Unit`, `SheetInfo` …) are schema's `wire/`.
 */
import type { CellValue } from '@taizhang/schema'

export interface HistoryEntry {
  at: string
  by: { username: string; displayName: string }
  from: CellValue
  to: CellValue
}
