/**
 * @module routes/attachments
 * 佐证材料 (SPEC §10):
 *   POST /api/attachments (multipart `file`, optional `id` field or `X-Attachment-Id` header)
 *     → 201 `{id, name, type, size}`. At most 20 MiB, enforced while the body streams in (413);
 *     JPEG, PNG, WebP or PDF judged by the first bytes (415 otherwise); `id` is the hex sha256
 *     of the bytes, and a claimed id that differs is 422 (the browser names a photo offline and
 *     the name must stay valid); one copy per content; each user's distinct uploads count
 *     against `TAIZHANG_ATTACHMENT_QUOTA_MB` (413 past it). Uploads are read a few at a time
 *     (more wait; a full queue is 503), so many at once cost bounded memory.
 *   GET /api/attachments/:id → the bytes, only to a user who may read a sheet or item that
 *     references them (attachments/attachmentAccess.ts); anyone else, like an unknown id, 404.
 *     Served with its own type, nosniff, a Content-Disposition and `Cache-Control: private,
 *     no-cache` with the id as ETag (the browser revalidates, so a session that ended sees
 *     nothing from its cache).
 */
import { createHash } from 'node:crypto'
import {
  ATTACHMENT_EXTENSIONS,
  DEFAULT_ATTACHMENT_QUOTA_MB,
  isAttachmentId,
  isImageType,
  MAX_ATTACHMENT_BYTES,
  sniffAttachmentType,
} from '@taizhang/schema'
import { Hono } from 'hono'
import { mayReadAttachment } from '../attachments/attachmentAccess'
import { readUpload } from '../attachments/readUpload'
import { LoginGate } from '../auth/loginGate'
import { unitTree } from '../auth/unitTree'
import { StoredSheets } from '../consolidation/storedSheets'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { contentDisposition } from '../http/download'
import { ApiError, notFound } from '../http/errors'
import { requireAuth } from '../http/requireAuth'

/** Uploads read at once, and how many more may wait. */
const UPLOADS_AT_ONCE = 8
const UPLOADS_WAITING = 256

const MiB = 1024 * 1024

export function attachmentRoutes(deps: AppDeps) {
  const { store, sessions, audit = () => {} } = deps
  const auth = requireAuth({ sessions })
  const quota = deps.attachmentQuotaBytes ?? DEFAULT_ATTACHMENT_QUOTA_MB * MiB
  const gate = new LoginGate(UPLOADS_AT_ONCE, UPLOADS_WAITING)
  const sheets = new StoredSheets({ docs: deps.docs, getDoc: (id) => deps.rooms.getDoc(id) })
  const gone = () => notFound('附件不存在')

  return new Hono<AppEnv>()
    .post('/', auth, async (c) => {
      const attachments = deps.attachments
      if (!attachments) throw gone()
      const user = c.get('user')
      const ran = await gate.run(async () => {
        const upload = await readUpload(c, MAX_ATTACHMENT_BYTES)
        const type = sniffAttachmentType(upload.bytes)
        if (!type) {
          throw new ApiError(415, 'unsupported-type', '只能上传 JPEG、PNG、WebP 图片或 PDF 文件')
        }
        const id = createHash('sha256').update(upload.bytes).digest('hex')
        if (upload.claimedId !== null && upload.claimedId !== id) {
          throw new ApiError(
            422,
            'id-mismatch',
            '文件内容与附件编号不符（sha256 不一致），请重新选择文件上传',
          )
        }
        if (!(await attachments.uploadedBy(user.id, id))) {
          const used = await attachments.usedBy(user.id)
          if (used + upload.bytes.byteLength > quota) {
            throw new ApiError(
              413,
              'quota-exceeded',
              `上传空间已满：每人最多 ${Math.round(quota / MiB)} MiB，已用 ${(used / MiB).toFixed(1)} MiB`,
            )
          }
        }
        const name = upload.name || `佐证材料.${ATTACHMENT_EXTENSIONS[type]}`
        const { record, created } = await attachments.put(
          { id, type, size: upload.bytes.byteLength, name, createdBy: user.id },
          upload.bytes,
        )
        return { record, created }
      })
      if (!ran) {
        throw new ApiError(503, 'busy', '上传的人太多，请稍后再试', {}, { 'Retry-After': '5' })
      }
      const { record, created } = ran.value
      audit({
        userId: user.id,
        action: 'attachment-upload',
        detail: { id: record.id, type: record.type, size: record.size, created },
      })
      return c.json({ id: record.id, name: record.name, type: record.type, size: record.size }, 201)
    })
    .get('/:id', auth, async (c) => {
      const attachments = deps.attachments
      const id = c.req.param('id').toLowerCase()
      if (!attachments || !isAttachmentId(id)) throw gone()
      const user = c.get('user')
      const record = await attachments.byId(id)
      if (!record) throw gone()
      const tree = await unitTree(store)
      if (!(await mayReadAttachment({ store, attachments, sheets }, tree, user, id))) throw gone()
      const headers = {
        'Content-Type': record.type,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-cache',
        ETag: `"${id}"`,
        // a photo may show in the page; a PDF is saved, never rendered on our origin
        'Content-Disposition': isImageType(record.type)
          ? contentDisposition(record.name).replace(/^attachment/, 'inline')
          : contentDisposition(record.name),
      }
      if (c.req.header('if-none-match') === `"${id}"`) return c.body(null, 304, headers)
      const bytes = await attachments.read(id)
      if (!bytes) throw gone()
      return c.body(
        new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength),
        200,
        {
          ...headers,
          'Content-Length': String(bytes.byteLength),
        },
      )
    })
}
