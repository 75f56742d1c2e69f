/**
 * @module attachments/attachmentIds
 * Attachment ids (SPEC §10): the lower-case hex sha256 of the file's bytes, so the browser can
 * name a photo taken offline and the name stays valid when it reaches the server. An
 * `attachment` cell holds ids joined by `,` (a plain string, SPEC §6.3).
 */

const ID = /^[0-9a-f]{64}$/

/** Whether `text` is an attachment id (64 lower-case hex digits). */
export const isAttachmentId = (text: string): boolean => ID.test(text)

/** The ids in an `attachment` cell, in order, each once; anything that is not an id is left out. */
export function attachmentIdsOf(cell: unknown): string[] {
  if (typeof cell !== 'string') return []
  const out: string[] = []
  for (const part of cell.split(',')) {
    const id = part.trim().toLowerCase()
    if (isAttachmentId(id) && !out.includes(id)) out.push(id)
  }
  return out
}

/** The cell text of a list of ids. */
export const attachmentCell = (ids: readonly string[]): string => ids.join(',')
