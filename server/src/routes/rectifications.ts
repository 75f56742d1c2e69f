/**
 * @module routes/rectifications
 * 整改台账 over HTTP (SPEC §9):
 *   POST /api/rectifications/generate {sheetId} → `{created, existing}` (the scoring sheet's
 *     team lead; idempotent per scoring row);
 *   GET /api/rectifications?unit=ID[&status=S][&overdue=1] → `{items}`: items whose responsible
 *     unit or scoring sheet lies in that unit's subtree, those the caller may read;
 *   GET /api/rectifications/:id → the item with its events;
 *   PATCH /api/rectifications/:id {progress?, evidence?, unitId?} → the item;
 *   GET /api/rectifications/:id/units → `{units:[{id, name, path}]}`: the grids the team lead
 *     may make responsible (the inspected area, archived ones left out) — its pickers cannot
 *     come from `GET /api/units`, which shows a team lead only its own subtree;
 *   POST /api/rectifications/:id/start|submit|close|reject|reopen {note?|reason} → the item;
 *     403 wrong role, 409 wrong state, 422 a submit without 整改情况 or 佐证材料, 400 no reason.
 * An item the caller may not read is a 404, like an unknown one. Every change is in the item's
 * events and in the audit log. The rules are in `rectification/`.
 */
import {
  canManageRectifications,
  canRead,
  canReadRectification,
  isAttachmentId,
  MAX_EVIDENCE,
  MAX_NOTE_CHARS,
  MAX_PROGRESS_CHARS,
  RECTIFICATION_ACTIONS,
  RECTIFICATION_STATUSES,
  type RectificationItem,
  type RectificationStatus,
} from '@taizhang/schema'
import { Hono } from 'hono'
import { z } from 'zod'
import { unitTree } from '../auth/unitTree'
import { StoredSheets } from '../consolidation/storedSheets'
import { readBody } from '../http/body'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { badRequest, forbidden, notFound } from '../http/errors'
import { requireAuth } from '../http/requireAuth'
import { isArchived } from '../admin/scope'
import { generateItems } from '../rectification/generateItems'
import { itemViews } from '../rectification/itemView'
import { listItems } from '../rectification/listItems'
import { inspectedArea } from '../rectification/responsibleUnits'
import {
  assignRectification,
  editRectification,
  performRectification,
} from '../rectification/performAction'
import type { User } from '../storage/UserStore'

const GenerateBody = z.object({ sheetId: z.string().min(1).max(100) })

const AttachmentId = z
  .string()
  .trim()
  .toLowerCase()
  .refine(isAttachmentId, '应为附件编号（64 位十六进制 sha256）')

const PatchBody = z.object({
  progress: z.string().max(MAX_PROGRESS_CHARS).optional(),
  evidence: z.array(AttachmentId).max(MAX_EVIDENCE).optional(),
  unitId: z.string().min(1).max(100).optional(),
})

const ActionBody = z.object({
  note: z.string().trim().max(MAX_NOTE_CHARS).optional(),
  reason: z.string().trim().max(MAX_NOTE_CHARS).optional(),
})

export function rectificationRoutes(deps: AppDeps) {
  const { store, sessions, audit = () => {} } = deps
  const auth = requireAuth({ sessions })
  const sheets = new StoredSheets({ docs: deps.docs, getDoc: (id) => deps.rooms.getDoc(id) })
  const gone = () => notFound('整改事项不存在')

  /** The item of the path, if the caller may read it (else 404, never 403). */
  const readable = async (id: string, user: User) => {
    const item = await store.rectifications.byId(id)
    const tree = await unitTree(store)
    if (!item || !canReadRectification(tree, user, item)) throw gone()
    return { item, tree }
  }

  const view = async (id: string): Promise<RectificationItem> => {
    const tree = await unitTree(store)
    const record = await store.rectifications.byId(id)
    if (!record) throw gone()
    return (await itemViews(store, tree, [record]))[0]!
  }

  const app = new Hono<AppEnv>()
    .post('/generate', auth, async (c) => {
      const user = c.get('user')
      const { sheetId } = await readBody(c, GenerateBody)
      const sheet = await store.sheets.byId(sheetId)
      const tree = await unitTree(store)
      if (!sheet || !canRead(tree, user, sheet.unitId)) throw notFound('表格不存在')
      if (sheet.template !== 'scoring') {
        throw badRequest('只有督查评分表可以生成整改台账', 'bad-template')
      }
      if (!canManageRectifications(tree, user, sheet.unitId)) {
        throw forbidden('只有督查组组长可以生成整改台账')
      }
      const answer = await generateItems({ store, sheets }, tree, sheet, user.id)
      audit({
        userId: user.id,
        action: 'rectification-generate',
        detail: { sheetId: sheet.id, ...answer },
      })
      return c.json(answer)
    })
    .get('/', auth, async (c) => {
      const user = c.get('user')
      const tree = await unitTree(store)
      const unitId = c.req.query('unit')
      const status = c.req.query('status')
      if (status && !(RECTIFICATION_STATUSES as readonly string[]).includes(status)) {
        throw badRequest(`status 应为 ${RECTIFICATION_STATUSES.join('、')} 之一`, 'bad-query')
      }
      if (unitId) {
        if (!tree.has(unitId)) throw notFound('单位不存在')
        if (!canRead(tree, user, unitId)) throw forbidden('没有查看该单位的权限')
      }
      const items = await listItems(store, tree, user, {
        unitId,
        status: status as RectificationStatus | undefined,
        overdue: c.req.query('overdue') === '1',
      })
      c.header('Cache-Control', 'no-store')
      return c.json({ items })
    })
    .get('/:id', auth, async (c) => {
      const { item, tree } = await readable(c.req.param('id'), c.get('user'))
      c.header('Cache-Control', 'no-store')
      return c.json((await itemViews(store, tree, [item]))[0]!)
    })
    .get('/:id/units', auth, async (c) => {
      const user = c.get('user')
      const { item, tree } = await readable(c.req.param('id'), user)
      if (!canManageRectifications(tree, user, item.sheetUnitId)) {
        throw forbidden('只有督查组组长可以指定责任单位')
      }
      const units = inspectedArea(tree, item.sheetUnitId)
        .filter((u) => u.level === 'grid' && !isArchived(tree, u.id))
        .map((u) => ({
          id: u.id,
          name: u.name,
          path: tree
            .pathUp(u.id)
            .reverse()
            .map((p) => p.name)
            .join(' / '),
        }))
      c.header('Cache-Control', 'no-store')
      return c.json({ units })
    })
    .patch('/:id', auth, async (c) => {
      const user = c.get('user')
      const { item, tree } = await readable(c.req.param('id'), user)
      const body = await readBody(c, PatchBody)
      const evidence = body.evidence && [...new Set(body.evidence)]
      const notes: string[] = []
      if (body.unitId !== undefined) {
        const note = await assignRectification(deps, tree, user, item, body.unitId)
        if (note) notes.push(note)
      }
      const after = (await store.rectifications.byId(item.id)) ?? item
      const edited = await editRectification(deps, tree, user, after, {
        progress: body.progress,
        evidence,
      })
      if (edited) notes.push(edited)
      if (notes.length > 0) {
        audit({
          userId: user.id,
          action: 'rectification-edit',
          detail: { itemId: item.id, note: notes.join('；') },
        })
      }
      return c.json(await view(item.id))
    })
  for (const action of RECTIFICATION_ACTIONS) {
    app.post(`/:id/${action}`, auth, async (c) => {
      const user = c.get('user')
      const { item, tree } = await readable(c.req.param('id'), user)
      const body = await readBody(c, ActionBody)
      const note = body.reason || body.note || null
      const to = await performRectification(deps, tree, user, item, action, note)
      audit({
        userId: user.id,
        action: `rectification-${action}`,
        detail: { itemId: item.id, from: item.status, to, note },
      })
      return c.json(await view(item.id))
    })
  }
  return app
}
