/**
 * @module http/unreadBody
 * What happens to a request body the handler never read — a 401 before an upload, a 404 for
 * an unknown route, a 403 on another township's sheet: a body no bigger than the largest
 * request any route accepts (an import) is read and dropped before the response leaves, so
 * the connection can be reused safely.
 *
 * Why: @hono/node-server drains an unread body for at most 500 ms after the response and
 * then destroys the socket. A client that already had the response put the socket back in
 * its keep-alive pool, and its NEXT request, sent into that close, failed with "other side
 * closed" (Node's fetch does not retry). The HTTP fuzz suite hit this on a loaded CI
 * machine, where the server's event loop can stall past the drain limit.
 *
 * A body that declares more than the limit (a 413 by its length) is still left to
 * @hono/node-server: closing at once would cut the upload, and the browser would show a
 * network error instead of the 413's message. One that turns out bigger while draining
 * (chunked) gets `Connection: close`.
 */
import type { MiddlewareHandler } from 'hono'

/** Whether the request came with a body (a length above zero, or chunked). */
function hasBody(headers: Headers): boolean {
  if (headers.has('transfer-encoding')) return true
  return Number(headers.get('content-length') ?? 0) > 0
}

/** Reads and drops the stream; false if it ran past `limit` bytes or failed. */
async function drain(body: ReadableStream<Uint8Array>, limit: number): Promise<boolean> {
  const reader = body.getReader()
  let bytes = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return true
      bytes += value.byteLength
      if (bytes > limit) {
        await reader.cancel()
        return false
      }
    }
  } catch {
    return false
  }
}

/** `drainLimit`: the largest body drained before answering. */
export function drainUnreadBody({ drainLimit }: { drainLimit: number }): MiddlewareHandler {
  return async (c, next) => {
    await next()
    const req = c.req.raw
    // headers first: on @hono/node-server, reading `body` builds the full Request object
    if (!hasBody(req.headers) || req.bodyUsed || !req.body) return
    if (Number(req.headers.get('content-length') ?? 0) > drainLimit) return
    if (!(await drain(req.body, drainLimit))) c.header('Connection', 'close')
  }
}
