/**
 * @module sync/serverState
 * Downloads the server's whole document of a sheet (`GET /api/sheets/:id/state`, the
 * bytes of `Y.encodeStateAsUpdate`) for a first open, when this browser has no copy yet:
 * applied before any `update` listener is attached and stored as one IndexedDB record,
 * it spares Yjs re-encoding a big sheet, and the sync exchange after it is tiny.
 * Not for: anything after the first load (the WebsocketProvider keeps the doc in step).
 */

export async function fetchServerState(
  sheetId: string,
  token: string,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const response = await fetch(`/api/sheets/${encodeURIComponent(sheetId)}/state`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/octet-stream' },
    credentials: 'same-origin',
    cache: 'no-store',
    signal,
  })
  if (!response.ok) throw new Error(`无法下载表格内容（${response.status}）`)
  return new Uint8Array(await response.arrayBuffer())
}
