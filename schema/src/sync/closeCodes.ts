/**
 * @module sync/closeCodes
 * Every code the server closes a sync socket with, with its Chinese message: one table for
 * the room, the sync route and the web app's refusal message. The ranges follow the stock
 * y-websocket provider: 4400–4499 are final (it stops reconnecting and the web app shows the
 * message), everything else — 4500–4599 "try again later" and RFC 6455's 1001–1011 — is
 * retried with backoff, and the sync handshake resends whatever the server lacks.
 * Browsers cannot read the HTTP status of a refused upgrade, hence codes rather than
 * 401/403/404 on the socket.
 */

export const SYNC_CLOSE = {
  /** The server is stopping; everything accepted is stored first. */
  shuttingDown: { code: 1001, message: '服务器正在关闭' },
  /** A frame that is not a y-websocket message (or a state vector or awareness update that does not decode). */
  malformed: { code: 1002, message: '无法解析的同步消息' },
  /** A text frame: the protocol is binary. */
  textFrame: { code: 1003, message: '只接受二进制消息' },
  /**
   * A Yjs update that does not decode, that Yjs cannot integrate, or that nests types deeper
   * than a sheet's layout allows (under `meta`, a row or a cell).
   */
  invalidUpdate: { code: 1007, message: '无效的 Yjs 更新' },
  /** A frame over the message size limit. */
  tooLarge: { code: 1009, message: '消息超过上限' },
  /** Loading or storing failed, or the access check itself did. */
  serverError: { code: 1011, message: '服务器出错，请稍后重连' },
  /** No valid session: no or a bad token, logged out, or the session expired. */
  unauthenticated: { code: 4401, message: '登录已失效，请重新登录后再同步' },
  /** The user has no role that can read the sheet. */
  forbidden: { code: 4403, message: '没有权限同步此表' },
  unknownSheet: { code: 4404, message: '此表不存在或已被删除' },
  /**
   * The update would take the sheet past its row cap (`TAIZHANG_MAX_ROWS_PER_SHEET`): final,
   * since resending it would be refused again; the web app shows the message.
   */
  tooManyRows: { code: 4413, message: '表格行数已达上限，新增的行未保存' },
  /** The user's roles changed: the provider reconnects and is judged by the new ones. */
  rolesChanged: { code: 4503, message: '权限已变更，正在重新连接' },
  /**
   * Too many connections for one user, or too many updates, sync step 1 or query-awareness
   * frames on one connection.
   */
  overLimit: { code: 4529, message: '同步过于频繁，请稍后重连' },
  /**
   * The client does not read what the server sends: its unread output passed the cap
   * (`TAIZHANG_SYNC_MAX_BUFFERED_BYTES`). Retried: a slow link reconnects and syncs afresh.
   */
  backlog: { code: 4508, message: '未读取的同步数据过多，连接已断开，正在重新连接' },
} as const satisfies Record<string, { code: number; message: string }>

export type SyncCloseName = keyof typeof SYNC_CLOSE

/** A WebSocket close reason may hold at most 123 bytes of UTF-8. */
const MAX_REASON_BYTES = 123

const utf8Bytes = (codePoint: number) =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4

/** A close reason cut, at a character boundary, to the 123 bytes a close frame allows. */
export function fitCloseReason(reason: string): string {
  let bytes = 0
  let out = ''
  for (const char of reason) {
    bytes += utf8Bytes(char.codePointAt(0)!)
    if (bytes > MAX_REASON_BYTES) break
    out += char
  }
  return out
}

/**
 * The code and reason to close with: the table's message, plus what exactly went wrong when
 * there is more to say (`消息超过上限（16777216 字节）`), cut to fit a close frame.
 */
export function syncClose(name: SyncCloseName, detail?: string): [code: number, reason: string] {
  const { code, message } = SYNC_CLOSE[name]
  return [code, fitCloseReason(detail ? `${message}（${detail}）` : message)]
}

const MESSAGES = new Map<number, string>(
  Object.values(SYNC_CLOSE).map(({ code, message }) => [code, message]),
)

/** What to tell a person whose connection was closed with `code`. */
export function closeMessage(code: number): string {
  return MESSAGES.get(code) ?? `服务器拒绝连接（${code}）`
}
