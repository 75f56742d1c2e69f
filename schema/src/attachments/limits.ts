/**
 * @module attachments/limits
 * Size limits of 佐证材料 (SPEC §10) both sides know: the server refuses a bigger upload while
 * it streams in, the web app scales photos down so that they fit.
 */

/** Largest file: 20 MiB. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
/** A photo's long edge after the browser scaled it down. */
export const MAX_PHOTO_EDGE = 2048
/** Default per-user quota in MiB (`TAIZHANG_ATTACHMENT_QUOTA_MB`). */
export const DEFAULT_ATTACHMENT_QUOTA_MB = 500
