/**
 * @module import/rowCap
 * The per-sheet row cap as an import meets it (docs/RELIABILITY.md §3): a sheet holds at most
 * `maxRows` row keys (`TAIZHANG_MAX_ROWS_PER_SHEET`, default 100,000), deleted ones
 * included since rows are never removed from a sheet. Sync writes meet the same cap in
 * `sync/updateShape.ts`.
 * Not for: reading a file past the cap (files/readCsv.ts, files/xlsxGuard.ts stop there).
 */
import { rowsMap } from '@taizhang/schema'
import type * as Y from 'yjs'
import { ApiError } from '../http/errors'
import { DEFAULT_SHAPE_LIMITS } from '../sync/updateShape'

export const DEFAULT_MAX_ROWS_PER_SHEET = DEFAULT_SHAPE_LIMITS.maxRows

/** Refuse (413 `too-many-rows`) an import adding `adding` rows to `doc` past the cap. */
export function checkRowCap(doc: Y.Doc, adding: number, maxRows: number): void {
  const rows = rowsMap(doc).size
  if (rows + adding <= maxRows) return
  throw new ApiError(
    413,
    'too-many-rows',
    `导入后本表将有 ${rows + adding} 行（含已删除的行），超过每表上限 ${maxRows} 行；请拆分到其他表格`,
  )
}
