/**
 * @module storage/sqlite/storeError
 * The error the SQLite store gives the room when it cannot keep an update: what failed, in
 * Chinese, followed by the driver's or the system's own message.
 */
export const storeError = (what: string, error: unknown): Error =>
  new Error(`${what}：${error instanceof Error ? error.message : String(error)}`)
