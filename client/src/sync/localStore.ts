/**
 * @module sync/localStore
 * Our own small IndexedDB persistence (through `idb`), shared by every tab of the origin:
 * - `updates`: each Yjs update of a sheet as it happens, so nothing typed is lost on a
 *   reload or a crash; loading applies them all; when a sheet holds more than
 *   `COMPACT_AFTER` records they are merged into one (in one IndexedDB transaction, so a
 *   record another tab appends meanwhile is never dropped) — the store does not grow on
 *   every page load.
 * - `pending`: markers of local changes not yet confirmed by the server (client id and
 *   clock after the change), so the 未同步 count survives a reload while offline.
 * - `cache`: small JSON records (signed-in user, unit tree, sheet lists, sheet metadata, the
 *   template list and the template versions sheets pinned, rectification items) so home,
 *   sheets and the 整改 page open offline.
 * - `outbox`, `blobs`, `refusals` (version 2): what the person did offline that is not a Yjs
 *   update — photos to upload, 整改 progress and transitions — and what the server refused of
 *   it; `outbox/outboxStore.ts` is their only reader and writer.
 * Not for: deciding what is pending (see `pending.ts`) or talking to the server.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import * as Y from 'yjs'
import type { BlobRecord, OutboxRecord, RefusalRecord } from '../outbox/entries'

export const DB_NAME = 'taizhang'
/** Records per sheet above which the update log is merged into one record. */
export const COMPACT_AFTER = 64

interface UpdateRecord {
  sheetId: string
  data: Uint8Array
}

export interface PendingRecord {
  sheetId: string
  client: number
  clock: number
  at: number
}

export interface TaizhangDB extends DBSchema {
  updates: { key: number; value: UpdateRecord; indexes: { sheet: string } }
  pending: { key: number; value: PendingRecord; indexes: { sheet: string } }
  cache: { key: string; value: unknown }
  outbox: { key: number; value: OutboxRecord; indexes: { user: string } }
  blobs: { key: string; value: BlobRecord }
  refusals: { key: number; value: RefusalRecord; indexes: { user: string } }
}

let dbPromise: Promise<IDBPDatabase<TaizhangDB>> | null = null

/** The origin's one database connection (for the stores' own modules). */
export function localDb(): Promise<IDBPDatabase<TaizhangDB>> {
  dbPromise ??= openDB<TaizhangDB>(DB_NAME, 2, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database
          .createObjectStore('updates', { autoIncrement: true })
          .createIndex('sheet', 'sheetId')
        database
          .createObjectStore('pending', { autoIncrement: true })
          .createIndex('sheet', 'sheetId')
        database.createObjectStore('cache')
      }
      if (oldVersion < 2) {
        database.createObjectStore('outbox', { autoIncrement: true }).createIndex('user', 'userId')
        database.createObjectStore('blobs')
        database
          .createObjectStore('refusals', { autoIncrement: true })
          .createIndex('user', 'userId')
      }
    },
    blocking() {
      // A newer version of the app wants to upgrade the database: let it.
      void dbPromise?.then((d) => d.close())
      dbPromise = null
    },
  })
  return dbPromise
}

/** Every stored update of a sheet, compacted into one first when there are many. */
export async function loadUpdates(sheetId: string): Promise<Uint8Array[]> {
  const tx = (await localDb()).transaction('updates', 'readwrite')
  const index = tx.store.index('sheet')
  const [keys, records] = await Promise.all([index.getAllKeys(sheetId), index.getAll(sheetId)])
  const updates = records.map((r) => r.data)
  if (updates.length > COMPACT_AFTER) {
    const merged = Y.mergeUpdates(updates)
    await Promise.all([
      ...keys.map((k) => tx.store.delete(k)),
      tx.store.add({ sheetId, data: merged }),
    ])
    await tx.done
    return [merged]
  }
  await tx.done
  return updates
}

export async function appendUpdate(sheetId: string, data: Uint8Array): Promise<void> {
  await (await localDb()).add('updates', { sheetId, data })
}

/** Merge the stored records of a sheet into one (atomic with respect to other tabs). */
export async function compactUpdates(sheetId: string): Promise<void> {
  const tx = (await localDb()).transaction('updates', 'readwrite')
  const index = tx.store.index('sheet')
  const [keys, records] = await Promise.all([index.getAllKeys(sheetId), index.getAll(sheetId)])
  if (records.length > 1) {
    const merged = Y.mergeUpdates(records.map((r) => r.data))
    await Promise.all([
      ...keys.map((k) => tx.store.delete(k)),
      tx.store.add({ sheetId, data: merged }),
    ])
  }
  await tx.done
}

export async function addPending(record: PendingRecord): Promise<number> {
  return (await localDb()).add('pending', record)
}

export async function listPending(
  sheetId: string,
): Promise<{ key: number; record: PendingRecord }[]> {
  const tx = (await localDb()).transaction('pending')
  const index = tx.store.index('sheet')
  const [keys, records] = await Promise.all([index.getAllKeys(sheetId), index.getAll(sheetId)])
  await tx.done
  return records.map((record, i) => ({ key: keys[i]!, record }))
}

export async function removePending(keys: number[]): Promise<void> {
  if (keys.length === 0) return
  const tx = (await localDb()).transaction('pending', 'readwrite')
  await Promise.all([...keys.map((k) => tx.store.delete(k)), tx.done])
}

export async function getCached<T>(key: string): Promise<T | undefined> {
  try {
    return (await (await localDb()).get('cache', key)) as T | undefined
  } catch {
    return undefined
  }
}

export async function setCached(key: string, value: unknown): Promise<void> {
  try {
    await (await localDb()).put('cache', value, key)
  } catch {
    // A full or unavailable store only costs the offline copy of a list.
  }
}

export async function deleteCached(key: string): Promise<void> {
  await (await localDb()).delete('cache', key)
}

/** Cache keys, in one place so pages and hooks agree on them. */
export const cacheKeys = {
  user: 'user',
  units: 'units',
  sheets: (unitId: string) => `sheets:${unitId}`,
  sheet: (sheetId: string) => `sheet:${sheetId}`,
  rectifications: (unitId: string) => `rectifications:${unitId}`,
  /** The template list (`GET /api/templates`); versions are `template:id@N` (templates/). */
  templates: 'templates',
}
