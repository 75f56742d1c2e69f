/**
 * @module storage/AttachmentStore
 * 佐证材料 (SPEC §10), content-addressed: the id is the hex sha256 of the bytes, and one copy is
 * kept per content however many users upload it. Each user's uploads are remembered once per
 * content, which is what the per-user quota counts. On one node the bytes are files under the
 * data directory (`sqlite/SqliteAttachmentStore.ts`); on PostgreSQL they are rows of
 * `attachment_data`, one store every node of a cluster reads (`postgres/PgAttachmentStore.ts`).
 * Not for: checking types, sizes or who may read (routes/attachments.ts, attachments/).
 */

export interface AttachmentRecord {
  id: string
  type: string
  size: number
  /** The file name the first uploader gave. */
  name: string
  createdBy: string | null
  createdAt: string
}

export interface AttachmentStore {
  byId(id: string): Promise<AttachmentRecord | undefined>
  /**
   * Store the bytes under `record.id` unless that content is there already, and note that
   * `record.createdBy` uploaded it; → the stored record (the first upload's) and whether the
   * bytes were new.
   */
  put(
    record: Omit<AttachmentRecord, 'createdAt'>,
    bytes: Uint8Array,
  ): Promise<{
    record: AttachmentRecord
    created: boolean
  }>
  /** The bytes, or undefined when the id is unknown. */
  read(id: string): Promise<Buffer | undefined>
  /** Bytes of the distinct contents this user uploaded (what the quota counts). */
  usedBy(userId: string): Promise<number>
  /** Whether this user uploaded this content. */
  uploadedBy(userId: string, id: string): Promise<boolean>
}
