/**
 * @module outbox/outboxStore
 * The outbox in IndexedDB (stores `outbox`, `blobs`, `refusals` of `sync/localStore`): every
 * write finishes in IndexedDB before the caller shows it as saved, so nothing is lost on a
 * reload or a crash; a photo's bytes and its outbox record are written in one transaction.
 * Listeners in this tab and the other tabs of the origin (BroadcastChannel) hear of every
 * change, so each view shows the same 待上传 / 待同步 state.
 * Not for: the order records are sent in (`entries.ts`) or sending them (`flushOutbox.ts`).
 */
import { localDb } from '../sync/localStore'
import type {
  BlobRecord,
  Keyed,
  PatchRecord,
  PhotoRecord,
  RefusalRecord,
  TransitionRecord,
} from './entries'

const CHANNEL = 'taizhang-outbox'
const listeners = new Set<() => void>()
let channel: BroadcastChannel | null = null

/** The channel to the other tabs, opened on first use. */
function tabs(): BroadcastChannel | null {
  if (!channel && typeof BroadcastChannel === 'function') {
    channel = new BroadcastChannel(CHANNEL)
    channel.addEventListener('message', () => listeners.forEach((l) => l()))
  }
  return channel
}

function changed(): void {
  listeners.forEach((l) => l())
  tabs()?.postMessage('changed')
}

/** Called after every change of the outbox or the refusals, here or in another tab. */
export function onOutboxChange(listener: () => void): () => void {
  tabs()
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The person's records, oldest first. */
export async function listOutbox(userId: string): Promise<Keyed[]> {
  const tx = (await localDb()).transaction('outbox')
  const index = tx.store.index('user')
  const [keys, records] = await Promise.all([index.getAllKeys(userId), index.getAll(userId)])
  await tx.done
  return records.map((record, i) => ({ key: keys[i]!, record })).sort((a, b) => a.key - b.key)
}

export async function addRecord(record: PatchRecord | TransitionRecord): Promise<void> {
  await (await localDb()).add('outbox', record)
  changed()
}

/**
 * Keeps a photo for upload: its bytes, its outbox record and (for an item) the evidence
 * change naming it, in one transaction — all three or none.
 */
export async function addPhoto(
  blob: BlobRecord,
  photo: PhotoRecord,
  patch?: PatchRecord,
): Promise<void> {
  const tx = (await localDb()).transaction(['blobs', 'outbox'], 'readwrite')
  await Promise.all([
    tx.objectStore('blobs').put(blob, blob.id),
    tx.objectStore('outbox').add(photo),
    ...(patch ? [tx.objectStore('outbox').add(patch)] : []),
    tx.done,
  ])
  changed()
}

/** Removes sent records (and, when given, the bytes no record needs any more). */
export async function removeRecords(keys: number[], blobIds: string[] = []): Promise<void> {
  if (keys.length === 0 && blobIds.length === 0) return
  const tx = (await localDb()).transaction(['outbox', 'blobs'], 'readwrite')
  await Promise.all([
    ...keys.map((k) => tx.objectStore('outbox').delete(k)),
    ...blobIds.map((id) => tx.objectStore('blobs').delete(id)),
    tx.done,
  ])
  changed()
}

export async function getBlob(id: string): Promise<BlobRecord | undefined> {
  try {
    return await (await localDb()).get('blobs', id)
  } catch {
    return undefined
  }
}

export async function addRefusal(refusal: RefusalRecord): Promise<void> {
  await (await localDb()).add('refusals', refusal)
  changed()
}

export async function refusalsOf(
  userId: string,
): Promise<{ key: number; refusal: RefusalRecord }[]> {
  const tx = (await localDb()).transaction('refusals')
  const index = tx.store.index('user')
  const [keys, records] = await Promise.all([index.getAllKeys(userId), index.getAll(userId)])
  await tx.done
  return records.map((refusal, i) => ({ key: keys[i]!, refusal }))
}

export async function dismissRefusal(key: number): Promise<void> {
  await (await localDb()).delete('refusals', key)
  changed()
}
