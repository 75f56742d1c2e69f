/**
 * @module files
 * Reading uploaded or named ledger and scoring files (xlsx, csv in UTF-8 or GB18030) into
 * matched tables: the entry the CLI, the import route's tests, the fuzz suite and the
 * consolidation benchmark share (`@taizhang/server/files`).
 * Not for: turning tables into rows (schema's `tableToRows`) or writing files (`export/`).
 */
export { MAX_TABLE_BYTES, readTable, readTableBytes } from './readTable'
export type { LocatedTable, ReadTableOptions } from './readTable'
export { readXlsx } from './readXlsx'
export { TableReadError } from './TableReadError'
export type { TableReadErrorCode } from './TableReadError'
