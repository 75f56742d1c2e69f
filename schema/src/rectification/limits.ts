/**
 * @module rectification/limits
 * Bounds on what a user writes into a rectification item (SPEC §9): the server refuses a body
 * past them, the web app stops typing at them.
 */

/** 整改情况 text, in characters. */
export const MAX_PROGRESS_CHARS = 5000
/** 佐证材料 per item. */
export const MAX_EVIDENCE = 20
/** A 驳回/重新打开 reason or a note on an action, in characters. */
export const MAX_NOTE_CHARS = 1000
/** Events kept in one item's log (a loop of reject/submit cannot grow it without end). */
export const MAX_EVENTS = 500
