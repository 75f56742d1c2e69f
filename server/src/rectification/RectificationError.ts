/**
 * @module rectification/RectificationError
 * Why an action on a rectification item was refused, as a code and a Chinese message. The
 * domain code knows nothing of HTTP: `http/errors.ts` gives each code its status.
 */

export type RectificationErrorCode =
  /** The user's roles do not allow the action (403). */
  | 'forbidden'
  /** The action does not apply to the item's state, or it changed meanwhile (409). */
  | 'invalid-transition'
  /** 驳回 and 重新打开 must say why (400). */
  | 'reason-required'
  /** A submit without 整改情况 or 佐证材料, or with evidence not yet uploaded (422). */
  | 'incomplete'
  /** 整改情况/佐证材料 of an item being verified or closed (409). */
  | 'not-editable'
  /** A value that cannot be used: a unit outside the inspected area … (400). */
  | 'invalid'

export class RectificationError extends Error {
  constructor(
    readonly code: RectificationErrorCode,
    message: string,
  ) {
    super(message)
  }
}
