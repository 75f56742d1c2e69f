/**
 * @module storage/postgres/PgAttachmentStore
 * The `AttachmentStore` of a cluster: the bytes in `attachment_data` (BYTEA), so every node
 * reads what any node stored; the record and the bytes are inserted in one transaction, ON
 * CONFLICT DO NOTHING (two nodes storing the same content keep one copy).
 */
import type { AttachmentRecord, AttachmentStore } from '../AttachmentStore'
import { inTransaction, type PgPool } from './pgDatabase'

const COLUMNS = `id, type, size, name, created_by AS "createdBy", created_at AS "createdAt"`

export class PgAttachmentStore implements AttachmentStore {
  constructor(private readonly pool: PgPool) {}

  async byId(id: string) {
    const { rows } = await this.pool.query<AttachmentRecord>(
      `SELECT ${COLUMNS} FROM attachments WHERE id = $1`,
      [id],
    )
    return rows[0]
  }

  async put(record: Omit<AttachmentRecord, 'createdAt'>, bytes: Uint8Array) {
    const now = new Date().toISOString()
    const exists = await this.byId(record.id)
    const created = await inTransaction(this.pool, async (client) => {
      let created = false
      if (!exists) {
        const r = await client.query(
          `INSERT INTO attachments (id, type, size, name, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
          [record.id, record.type, record.size, record.name, record.createdBy, now],
        )
        if (r.rowCount === 1) {
          created = true
          await client.query('INSERT INTO attachment_data (id, data) VALUES ($1, $2)', [
            record.id,
            Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          ])
        }
      }
      if (record.createdBy) {
        await client.query(
          `INSERT INTO attachment_uploads (user_id, attachment_id, at) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING`,
          [record.createdBy, record.id, now],
        )
      }
      return created
    })
    return { record: (await this.byId(record.id))!, created }
  }

  async read(id: string) {
    const { rows } = await this.pool.query<{ data: Buffer }>(
      'SELECT data FROM attachment_data WHERE id = $1',
      [id],
    )
    return rows[0]?.data
  }

  async usedBy(userId: string) {
    const { rows } = await this.pool.query<{ bytes: string | number }>(
      `SELECT COALESCE(SUM(a.size), 0) AS bytes FROM attachment_uploads u
       JOIN attachments a ON a.id = u.attachment_id WHERE u.user_id = $1`,
      [userId],
    )
    return Number(rows[0]?.bytes ?? 0)
  }

  async uploadedBy(userId: string, id: string) {
    const { rows } = await this.pool.query(
      'SELECT 1 FROM attachment_uploads WHERE user_id = $1 AND attachment_id = $2',
      [userId, id],
    )
    return rows.length > 0
  }
}
