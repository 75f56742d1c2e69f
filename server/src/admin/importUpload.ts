/**
 * @module admin/importUpload
 * The multipart upload both admin imports take (SPEC §11): `file` (xlsx or csv, at most
 * `MAX_ADMIN_IMPORT_BYTES`: 413 beyond) and `preview` (`1`: change nothing); an unusable file
 * is a 400 with one Chinese line. The same envelope as the ledger import (`routes/imports`).
 */
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { TableReadError } from '../files/TableReadError'
import { ApiError, badRequest } from '../http/errors'
import { readAdminTable, type AdminColumn, type AdminTable } from './adminTable'

/** Largest accepted file (5,000 rows of names take well under 1 MiB). */
export const MAX_ADMIN_IMPORT_BYTES = 5 * 1024 * 1024

const tooLarge = () => new ApiError(413, 'too-large', '文件超过 5 MiB，请拆分成几个文件后分别导入')

/** The body limit for the import routes. */
export const adminImportLimit = () =>
  bodyLimit({
    maxSize: MAX_ADMIN_IMPORT_BYTES + 64 * 1024,
    onError: () => {
      throw tooLarge()
    },
  })

/** The uploaded table and whether this is a preview. */
export async function readUpload<K extends string>(
  c: Context,
  columns: readonly AdminColumn<K>[],
): Promise<{ table: AdminTable<K>; preview: boolean; file: string }> {
  let form: Record<string, string | File | (string | File)[]>
  try {
    form = await c.req.parseBody()
  } catch {
    throw badRequest('请求应为 multipart/form-data，文件放在 file 字段', 'bad-form')
  }
  const file = form.file
  if (!(file instanceof File)) throw badRequest('请选择要导入的文件（file 字段）', 'no-file')
  if (file.size > MAX_ADMIN_IMPORT_BYTES) throw tooLarge()
  const preview =
    form.preview === '1' ||
    form.preview === 'true' ||
    c.req.query('preview') === '1' ||
    c.req.query('preview') === 'true'
  const name = file.name || '上传文件'
  try {
    const table = await readAdminTable(new Uint8Array(await file.arrayBuffer()), name, columns)
    return { table, preview, file: name }
  } catch (e) {
    if (e instanceof TableReadError) {
      if (e.code === 'too-large') throw new ApiError(413, 'too-many-rows', e.message)
      throw badRequest(e.message, `file-${e.code}`)
    }
    throw e
  }
}
