/**
 * @module attachments/downscale
 * Photos are scaled down in the browser before they are kept or uploaded (SPEC §10: long edge
 * ≤ 2048 px) and always re-encoded as JPEG: re-encoding through a canvas keeps only the pixels,
 * so the camera's EXIF (its GPS position among it) never leaves the phone. The orientation EXIF
 * gives is applied first (`createImageBitmap` reads it), so the photo stays upright.
 * `scaledSize` is the pure size decision; `downscalePhoto` does the work with
 * createImageBitmap + OffscreenCanvas, or an <img> and a <canvas> where those are missing.
 * Not for: the attachment id (`photoId.ts`) or storing the result (`keepPhoto.ts`).
 */

import { MAX_PHOTO_EDGE } from '@taizhang/schema'

/** The longest edge a kept photo may have (SPEC §10). */
export const MAX_EDGE = MAX_PHOTO_EDGE
/** JPEG quality of the re-encoded photo: a 12 MP phone photo becomes ~0.5–1 MB. */
export const JPEG_QUALITY = 0.85

export interface Size {
  width: number
  height: number
}

/** The size a `width`×`height` image is drawn at: unchanged when it fits, else scaled to `maxEdge`. */
export function scaledSize(width: number, height: number, maxEdge: number = MAX_EDGE): Size {
  if (!(width > 0 && height > 0)) throw new RangeError('图片尺寸无效')
  const long = Math.max(width, height)
  if (long <= maxEdge) return { width, height }
  const scale = maxEdge / long
  const fit = (edge: number) => (edge === long ? maxEdge : Math.max(1, Math.round(edge * scale)))
  return { width: fit(width), height: fit(height) }
}

export interface ScaledPhoto extends Size {
  bytes: ArrayBuffer
  type: 'image/jpeg'
}

async function viaBitmap(file: Blob, maxEdge: number, quality: number): Promise<ScaledPhoto> {
  const source = await createImageBitmap(file, { imageOrientation: 'from-image' })
  try {
    const size = scaledSize(source.width, source.height, maxEdge)
    const canvas = new OffscreenCanvas(size.width, size.height)
    const context = canvas.getContext('2d')
    if (!context) throw new Error('浏览器无法处理图片')
    context.imageSmoothingQuality = 'high'
    context.drawImage(source, 0, 0, size.width, size.height)
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality })
    return { ...size, bytes: await blob.arrayBuffer(), type: 'image/jpeg' }
  } finally {
    source.close()
  }
}

async function viaImageElement(file: Blob, maxEdge: number, quality: number): Promise<ScaledPhoto> {
  const url = URL.createObjectURL(file)
  try {
    const image = new Image()
    image.src = url
    await image.decode()
    const size = scaledSize(image.naturalWidth, image.naturalHeight, maxEdge)
    const canvas = document.createElement('canvas')
    canvas.width = size.width
    canvas.height = size.height
    const context = canvas.getContext('2d')
    if (!context) throw new Error('浏览器无法处理图片')
    context.drawImage(image, 0, 0, size.width, size.height)
    const blob = await new Promise<Blob | null>((resolve) =>
      canvas.toBlob(resolve, 'image/jpeg', quality),
    )
    if (!blob) throw new Error('浏览器无法处理图片')
    return { ...size, bytes: await blob.arrayBuffer(), type: 'image/jpeg' }
  } finally {
    URL.revokeObjectURL(url)
  }
}

/** The photo scaled to fit `maxEdge` and re-encoded as JPEG (no EXIF). */
export async function downscalePhoto(
  file: Blob,
  { maxEdge = MAX_EDGE, quality = JPEG_QUALITY }: { maxEdge?: number; quality?: number } = {},
): Promise<ScaledPhoto> {
  try {
    if (typeof createImageBitmap === 'function' && typeof OffscreenCanvas === 'function') {
      return await viaBitmap(file, maxEdge, quality)
    }
    return await viaImageElement(file, maxEdge, quality)
  } catch (error) {
    if (error instanceof RangeError) throw error
    throw new Error('无法读取这张图片，请换一张照片', { cause: error })
  }
}
