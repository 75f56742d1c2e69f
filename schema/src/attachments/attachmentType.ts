/**
 * @module attachments/attachmentType
 * The kinds of file a 佐证材料 may be (SPEC §10) and how to tell them by their content — the
 * first bytes of the file, never its name or the type the browser claimed: JPEG, PNG, WebP and
 * PDF. Pure, so the web app can refuse a file before it keeps it for upload and the server
 * refuses it whatever the browser did.
 */

export const ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
] as const
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number]

/** The file-name extension of each type. */
export const ATTACHMENT_EXTENSIONS: Record<AttachmentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
}

/** Bytes needed to judge a file. */
export const SNIFF_BYTES = 16

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b)

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0))

/** The type of a file by its first bytes, or null when it is none of the allowed ones. */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp'
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf'
  return null
}

/** Whether a type is a photo (shown as a thumbnail; JPEG and PNG also on PDF pages). */
export const isImageType = (type: string): boolean => type.startsWith('image/')
