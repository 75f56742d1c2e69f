/**
 * @module http/errors
 * The one error shape of the API (SPEC §6.3): `{error: {code, message}}` with a fitting
 * status and a Chinese message for people; extra fields (e.g. `findings` on a refused
 * submit) sit beside `error`. Handlers throw `ApiError`; domain code throws its own errors
 * (`WorkflowError`, `RectificationError`, `ConsolidationQueryError`), which `asApiError` gives a status here, at
 * the edge; `app.ts` turns the result into JSON.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ConsolidationQueryError } from '../consolidation/consolidationService'
import {
  RectificationError,
  type RectificationErrorCode,
} from '../rectification/RectificationError'
import { WorkflowError, type WorkflowErrorCode } from '../workflow/WorkflowError'

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }

  body() {
    return { error: { code: this.code, message: this.message }, ...this.extra }
  }
}

export const notFound = (message = '找不到该资源') => new ApiError(404, 'not-found', message)
export const forbidden = (message = '没有权限执行此操作') => new ApiError(403, 'forbidden', message)
export const unauthenticated = (message = '请先登录') =>
  new ApiError(401, 'unauthenticated', message)
export const badRequest = (message: string, code = 'bad-request') =>
  new ApiError(400, code, message)
export const conflict = (message: string, code = 'conflict') => new ApiError(409, code, message)

const WORKFLOW_STATUS: Record<WorkflowErrorCode, ContentfulStatusCode> = {
  forbidden: 403,
  'invalid-transition': 409,
  'reason-required': 400,
  'has-errors': 422,
  'status-changed': 409,
}

const RECTIFICATION_STATUS: Record<RectificationErrorCode, ContentfulStatusCode> = {
  forbidden: 403,
  'invalid-transition': 409,
  'reason-required': 400,
  incomplete: 422,
  'not-editable': 409,
  invalid: 400,
}

/** A domain error as the API answers it; anything else is returned as it is. */
export function asApiError(error: unknown): unknown {
  if (error instanceof WorkflowError) {
    const extra = error.findings ? { findings: error.findings } : {}
    return new ApiError(WORKFLOW_STATUS[error.code], error.code, error.message, extra)
  }
  if (error instanceof RectificationError) {
    return new ApiError(RECTIFICATION_STATUS[error.code], error.code, error.message)
  }
  if (error instanceof ConsolidationQueryError) {
    return error.kind === 'unknown-child'
      ? notFound(error.message)
      : badRequest(error.message, 'bad-query')
  }
  return error
}
