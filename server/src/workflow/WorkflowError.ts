/**
 * @module workflow/WorkflowError
 * Why a workflow transition was refused, as a code and a Chinese message for people. The
 * workflow knows nothing of HTTP: the API's error handler (`http/errors.ts`) gives each code
 * its status (403, 409, 400, 422).
 */
import type { Finding } from '@taizhang/schema'

export type WorkflowErrorCode =
  /** The user's roles do not allow the action. */
  | 'forbidden'
  /** The action does not apply to the sheet's current state. */
  | 'invalid-transition'
  /** 退回 and 重新打开 must say why. */
  | 'reason-required'
  /** A submit with `error` findings; `findings` lists them. */
  | 'has-errors'
  /** Somebody else changed the state first. */
  | 'status-changed'

export class WorkflowError extends Error {
  constructor(
    readonly code: WorkflowErrorCode,
    message: string,
    /** The `error` findings that block a submit (`has-errors`). */
    readonly findings?: Finding[],
  ) {
    super(message)
  }
}
