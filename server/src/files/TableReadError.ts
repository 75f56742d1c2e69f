/**
 * @module files/TableReadError
 * The one error a file reader throws for a file a person gave us that cannot be used:
 * empty, corrupt, too big, no header, a required column missing. Its message is one
 * Chinese line that names the file, so the CLI and the import route can show it as is
 * (no stack trace: it is the file's problem, not the program's).
 */

export type TableReadErrorCode =
  | 'not-found'
  | 'too-large'
  | 'too-many-rows'
  | 'out-of-range'
  | 'empty'
  | 'unsupported'
  | 'corrupt'
  | 'no-header'
  | 'missing-column'

export class TableReadError extends Error {
  override readonly name = 'TableReadError'

  constructor(
    readonly code: TableReadErrorCode,
    readonly file: string,
    message: string,
  ) {
    super(`${file}：${message}`)
  }
}
