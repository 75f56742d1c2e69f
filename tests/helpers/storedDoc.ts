/**
 * @module tests/helpers/storedDoc
 * Writes an update straight into a stopped test server's update log, through the server's
 * own stores (SQLite in its data directory, or its PostgreSQL database): data as a document
 * stored by an older version may hold it, which the running server no longer lets anybody
 * write. Start the server again afterwards; its room loads the update like any other.
 */
import { openDatabase, openPgPool, PgDocStore, SqliteDocStore } from '@taizhang/server/storage'
import type { TestServer } from './server'

/** Append `update` to the log of `sheetId`; the server must not be running. */
export async function appendToStoredLog(
  server: TestServer,
  sheetId: string,
  update: Uint8Array,
): Promise<void> {
  await appendManyToStoredLog(server, sheetId, [{ update, userId: null }])
}

/** Append several updates (with their authors) in order; the server must not be running. */
export async function appendManyToStoredLog(
  server: TestServer,
  sheetId: string,
  updates: readonly { update: Uint8Array; userId: string | null }[],
): Promise<void> {
  if (server.databaseUrl) {
    const pool = openPgPool(server.databaseUrl, { max: 1 })
    const store = new PgDocStore(pool)
    try {
      // not awaited one by one: the store commits appends made together in one statement
      await Promise.all(
        updates.map(({ update, userId }) => store.append(sheetId, update, userId, new Date())),
      )
    } finally {
      await store.close()
      await pool.end()
    }
    return
  }
  const db = openDatabase(server.dataDir)
  const store = new SqliteDocStore(db)
  try {
    for (const { update, userId } of updates)
      await store.append(sheetId, update, userId, new Date())
    await store.durable()
  } finally {
    await store.close()
    db.close()
  }
}
