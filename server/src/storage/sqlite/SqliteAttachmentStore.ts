/**
 * @module storage/sqlite/SqliteAttachmentStore
 * The `AttachmentStore` of a single node: the bytes are files under the data directory,
 * `attachments/ab/cdef…` (the id's first two hex digits, then the rest), written to a temporary
 * name, flushed and renamed, so a file under its id is always whole; the records
 * (`attachments`, `attachment_uploads`) are in SQLite and written after the file. A crash
 * between the two leaves a file without a record, which the next upload of that content simply
 * overwrites. `taizhang backup` copies the files into the backup (cli/backup.ts).
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { AttachmentRecord, AttachmentStore } from '../AttachmentStore'
import type { Db } from './db'

const COLUMNS = `id, type, size, name, created_by AS createdBy, created_at AS createdAt`

/** The directory of the attachment files in a data directory. */
export const attachmentsDir = (dataDir: string): string => join(dataDir, 'attachments')

/** Where the file of an id lives. */
export const attachmentPath = (dataDir: string, id: string): string =>
  join(attachmentsDir(dataDir), id.slice(0, 2), id.slice(2))

export class SqliteAttachmentStore implements AttachmentStore {
  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
  ) {}

  async byId(id: string) {
    return this.db.prepare(`SELECT ${COLUMNS} FROM attachments WHERE id = ?`).get(id) as
      AttachmentRecord | undefined
  }

  async put(record: Omit<AttachmentRecord, 'createdAt'>, bytes: Uint8Array) {
    const existing = await this.byId(record.id)
    if (!existing) await this.writeFile(record.id, bytes)
    const now = new Date().toISOString()
    let created = false
    this.db.transaction(() => {
      created =
        this.db
          .prepare(
            `INSERT OR IGNORE INTO attachments (id, type, size, name, created_by, created_at)
             VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(record.id, record.type, record.size, record.name, record.createdBy, now).changes ===
        1
      if (record.createdBy) {
        this.db
          .prepare(
            'INSERT OR IGNORE INTO attachment_uploads (user_id, attachment_id, at) VALUES (?, ?, ?)',
          )
          .run(record.createdBy, record.id, now)
      }
    })()
    return { record: (await this.byId(record.id))!, created }
  }

  private async writeFile(id: string, bytes: Uint8Array) {
    const target = attachmentPath(this.dataDir, id)
    const dir = join(attachmentsDir(this.dataDir), id.slice(0, 2))
    await mkdir(dir, { recursive: true })
    const tmp = join(dir, `.tmp-${randomBytes(8).toString('hex')}`)
    const handle = await open(tmp, 'w', 0o600)
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } catch (error) {
      await handle.close()
      await rm(tmp, { force: true })
      throw error
    }
    await handle.close()
    await rename(tmp, target)
  }

  async read(id: string) {
    if (!(await this.byId(id))) return undefined
    try {
      return await readFile(attachmentPath(this.dataDir, id))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }

  async usedBy(userId: string) {
    const r = this.db
      .prepare(
        `SELECT COALESCE(SUM(a.size), 0) AS bytes FROM attachment_uploads u
         JOIN attachments a ON a.id = u.attachment_id WHERE u.user_id = ?`,
      )
      .get(userId) as { bytes: number }
    return r.bytes
  }

  async uploadedBy(userId: string, id: string) {
    return !!this.db
      .prepare('SELECT 1 FROM attachment_uploads WHERE user_id = ? AND attachment_id = ?')
      .get(userId, id)
  }
}
