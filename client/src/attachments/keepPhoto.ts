/**
 * @module attachments/keepPhoto
 * A photo from the camera or the gallery, made ready to be evidence while offline (SPEC §10):
 * scaled down and re-encoded (`downscale.ts`), named by the sha256 of those bytes, and kept in
 * the IndexedDB outbox — with, for a rectification item, the evidence change naming it — before
 * the caller writes or shows the id. The outbox uploads it when the network returns.
 */
import { downscalePhoto } from './downscale'
import { sha256Hex } from './photoId'
import { addPhoto } from '../outbox/outboxStore'

export interface KeptPhoto {
  id: string
  width: number
  height: number
  size: number
}

/** Where the photo's id is written: an item's evidence, or an attachment cell of a sheet. */
export type PhotoTarget = { itemId: string } | { sheetId?: string }

export async function keepPhoto(
  file: Blob & { name?: string },
  userId: string,
  target: PhotoTarget,
): Promise<KeptPhoto> {
  const scaled = await downscalePhoto(file)
  const id = await sha256Hex(scaled.bytes)
  const at = Date.now()
  const base = (file.name ?? 'photo').replace(/\.[^.]*$/, '').slice(0, 80) || 'photo'
  const name = `${base}.jpg`
  await addPhoto(
    {
      id,
      type: scaled.type,
      name,
      bytes: scaled.bytes,
      width: scaled.width,
      height: scaled.height,
      at,
    },
    {
      kind: 'photo',
      userId,
      at,
      attachmentId: id,
      name,
      type: scaled.type,
      size: scaled.bytes.byteLength,
      ...target,
    },
    'itemId' in target
      ? { kind: 'patch', userId, at, itemId: target.itemId, addEvidence: [id] }
      : undefined,
  )
  return { id, width: scaled.width, height: scaled.height, size: scaled.bytes.byteLength }
}
