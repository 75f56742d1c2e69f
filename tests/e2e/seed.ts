/**
 * @module tests/e2e/seed
 * Rows for the browser tests, written the way any client writes them: a stock
 * WebsocketProvider (Node) appending rows through the schema's layout helpers, then
 * waiting until the server answers them from `GET …/rows`.
 */
import { appendRows, type CellValue } from '@taizhang/schema'
import type { TestServer } from '../helpers/server'
import { connectSheet, waitFor } from '../helpers/wsClient'

/** A valid ledger row (no findings): 单独组建 with 3 members among 20 employees. */
export function validLedgerRow(id: string, n: number): Record<string, CellValue> {
  return {
    id,
    name: `测试企业${n}`,
    category: '非公企业',
    employees: 20,
    members: 3,
    probationary: 0,
    orgForm: '单独组建',
    secretaryTrainingDays: 8,
  }
}

export async function seedRows(
  server: TestServer,
  token: string,
  sheetId: string,
  rows: Record<string, CellValue>[],
): Promise<void> {
  const client = connectSheet(server.wsUrl, sheetId, token)
  try {
    await client.synced
    appendRows(client.doc, rows)
    await waitFor(
      async () => {
        const res = await server.api('GET', `/api/sheets/${sheetId}/rows`, token)
        return res.status === 200 && res.body.rows.length >= rows.length
      },
      { timeoutMs: 10_000, what: 'seeded rows on the server' },
    )
  } finally {
    client.destroy()
  }
}

/** The server's rows of a sheet keyed by id. */
export async function serverRows(
  server: TestServer,
  token: string,
  sheetId: string,
): Promise<Map<string, Record<string, CellValue>>> {
  const res = await server.api('GET', `/api/sheets/${sheetId}/rows`, token)
  if (res.status !== 200) throw new Error(`rows ${res.status}`)
  return new Map((res.body.rows as Record<string, CellValue>[]).map((r) => [String(r.id), r]))
}
