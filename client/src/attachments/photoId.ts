/**
 * @module attachments/photoId
 * An attachment's id is the hex sha256 of its bytes (SPEC §10), computed in the browser from
 * the scaled-down photo, so it can be written to an item or a cell while offline and stays the
 * id the server computes when the bytes arrive.
 */

/** Hex sha256 of `bytes` (Web Crypto: needs a secure context, https or localhost). */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  if (!globalThis.crypto?.subtle) throw new Error('浏览器不支持安全计算（请通过 https 访问）')
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}
