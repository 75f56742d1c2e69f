/**
 * @module routes/sheets
 * Sheets over HTTP (SPEC §6.3): list and create, the register entry, rows (now or
 * `?at=ISO`), server-side findings, conflicts and their resolution (a lead's normal
 * edit plus a logged decision), and a cell's history.
 * `GET /api/sheets?unit=ID` lists the sheets of that unit (`&below=1`: and of every
 * unit below it); without `unit`, every sheet the caller may read.
 * `GET /api/sheets/:id` adds `can: {write, submit, return, accept, reopen,
 * resolveConflicts}` — what the caller may do with the sheet in its current state.
 * Workflow transitions are in `routes/workflow.ts`.
 */
import {
  canCreateSheet,
  canRead,
  canResolveConflicts,
  conflictAt,
  newId,
  readConflicts,
  readRows,
  rolesAt,
  rowsMap,
  SCHEMA_VERSION,
  sheetAbilities,
  TEMPLATE_KINDS,
  writeMeta,
  type CellValue,
  type UnitHierarchy,
} from '@taizhang/schema'
import { Hono } from 'hono'
import { z } from 'zod'
import { unitTree } from '../auth/unitTree'
import { readBody } from '../http/body'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { isArchived } from '../admin/scope'
import { ApiError, badRequest, conflict, forbidden, notFound } from '../http/errors'
import { publicSheet, readableSheet } from '../http/readableSheet'
import { heavyLimit } from '../http/heavyLimit'
import { requireAuth } from '../http/requireAuth'
import type { MetaStore } from '../storage/MetaStore'
import { resolveConflict } from '../sync/conflictDetector'

const SheetBody = z.object({
  unitId: z.string().min(1),
  template: z.enum(TEMPLATE_KINDS),
  title: z.string().trim().min(1).max(200),
})

const CellValueSchema = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()])
const ResolveBody = z.object({
  rowId: z.string().min(1),
  column: z.string().min(1),
  value: CellValueSchema,
})

export function sheetRoutes(deps: AppDeps) {
  const { store, sessions, rooms, history, findings, audit = () => {} } = deps
  // per route, not `.use()`: an unknown path stays a 404 even without a session
  const auth = requireAuth({ sessions })
  return new Hono<AppEnv>()
    .get('/', auth, async (c) => {
      const user = c.get('user')
      const tree = await unitTree(store)
      const unitId = c.req.query('unit')
      let unitIds: string[] | undefined
      if (unitId) {
        if (!tree.has(unitId)) throw notFound('单位不存在')
        if (!canRead(tree, user, unitId)) throw forbidden('没有查看该单位的权限')
        unitIds = c.req.query('below') ? tree.subtree(unitId).map((u) => u.id) : [unitId]
      }
      const sheets = (await store.sheets.list(unitIds)).filter((s) => canRead(tree, user, s.unitId))
      return c.json({ sheets: sheets.map(publicSheet) })
    })
    .post('/', auth, async (c) => {
      const body = await readBody(c, SheetBody)
      const user = c.get('user')
      const tree = await unitTree(store)
      if (!tree.has(body.unitId)) throw badRequest('单位不存在', 'unknown-unit')
      if (canCreateSheet(tree, user, body.unitId) && isArchived(tree, body.unitId)) {
        throw new ApiError(409, 'unit-archived', '该单位已归档，不能新建表格')
      }
      if (!canCreateSheet(tree, user, body.unitId)) {
        throw forbidden('只有管理员或本级及上级单位的组长、审核员可以新建表格')
      }
      const sheet = await store.sheets.create({ id: newId(), ...body, createdBy: user.id })
      await rooms.applyServerChange(sheet.id, user.id, (doc) =>
        writeMeta(doc, {
          template: body.template,
          title: body.title,
          unitId: body.unitId,
          schemaVersion: SCHEMA_VERSION,
          status: 'draft',
        }),
      )
      await store.events.append({
        sheetId: sheet.id,
        action: 'create',
        toStatus: 'draft',
        userId: user.id,
      })
      audit({ userId: user.id, action: 'sheet-create', detail: { sheetId: sheet.id, ...body } })
      return c.json({ id: sheet.id }, 201)
    })
    .get('/:id', auth, async (c) => {
      const user = c.get('user')
      const { sheet, tree } = await readableSheet(store, user, c.req.param('id'))
      // what the caller may do now: the same rules the web app applies to show its buttons
      const a = sheetAbilities(tree, user, sheet.unitId, sheet.status)
      const can = {
        write: a.edit,
        submit: a.submit,
        return: a.returnOrAccept,
        accept: a.returnOrAccept,
        reopen: a.reopen,
        resolveConflicts: a.resolveConflicts,
      }
      return c.json({ ...publicSheet(sheet), can })
    })
    .get(
      '/:id/rows',
      auth,
      heavyLimit(deps, (query) => query('at') !== undefined),
      async (c) => {
        const { sheet } = await readableSheet(store, c.get('user'), c.req.param('id'))
        const at = c.req.query('at')
        if (at !== undefined) {
          const when = new Date(at)
          if (Number.isNaN(when.getTime()))
            throw badRequest('时间格式无效，应为 ISO 8601', 'bad-time')
          return c.json({ rows: await history.rowsAt(sheet.id, when) })
        }
        return c.json({ rows: readRows(await rooms.getDoc(sheet.id)) })
      },
    )
    .get('/:id/findings', auth, async (c) => {
      const { sheet } = await readableSheet(store, c.get('user'), c.req.param('id'))
      return c.json({ findings: await findings.findings(sheet.id) })
    })
    .get('/:id/conflicts', auth, async (c) => {
      const { sheet, tree } = await readableSheet(store, c.get('user'), c.req.param('id'))
      const records = readConflicts(await rooms.getDoc(sheet.id))
      const names = await userNames(
        store,
        records.flatMap((r) => [...r.values.map((v) => v.by), r.resolvedBy]),
        { tree, unitId: sheet.unitId },
      )
      return c.json({
        conflicts: records.map((r) => ({
          rowId: r.rowId,
          column: r.column,
          values: r.values.map((v) => ({ ...v, byUser: names(v.by) })),
          resolved: r.resolved,
          ...(r.resolvedBy ? { resolvedBy: names(r.resolvedBy), resolvedAt: r.resolvedAt } : {}),
        })),
      })
    })
    .post('/:id/conflicts/resolve', auth, async (c) => {
      const user = c.get('user')
      const { sheet, tree } = await readableSheet(store, user, c.req.param('id'))
      const { rowId, column, value } = await readBody(c, ResolveBody)
      if (!canResolveConflicts(tree, user, sheet.unitId)) throw forbidden('只有组长可以处理冲突')
      if (sheet.status === 'accepted') throw conflict('表格已审核锁定，不能修改', 'locked')
      const doc = await rooms.getDoc(sheet.id)
      const record = conflictAt(doc, rowId, column)
      if (!rowsMap(doc).has(rowId) || !record) throw notFound('该单元格没有冲突')
      await rooms.applyServerChange(sheet.id, user.id, (d) => {
        resolveConflict(d, rowId, column, value as CellValue, user.id)
      })
      await store.events.append({
        sheetId: sheet.id,
        action: 'resolve-conflict',
        userId: user.id,
        detail: { rowId, column, value, candidates: record.values },
      })
      audit({
        userId: user.id,
        action: 'conflict-resolve',
        detail: { sheetId: sheet.id, rowId, column, value },
      })
      return c.json({ ok: true })
    })
    .get('/:id/history', auth, heavyLimit(deps), async (c) => {
      const { sheet } = await readableSheet(store, c.get('user'), c.req.param('id'))
      const rowId = c.req.query('row')
      const column = c.req.query('column')
      if (!rowId || !column) throw badRequest('需要参数 row 和 column', 'missing-query')
      const changes = await history.cellHistory(sheet.id, rowId, column)
      const names = await userNames(
        store,
        changes.map((ch) => ch.by),
      )
      return c.json({
        history: changes.map((ch) => ({ at: ch.at, by: names(ch.by), from: ch.from, to: ch.to })),
      })
    })
}

type PersonName = { username: string; displayName: string }

/**
 * Look up users once, by id only; returns id → `{username, displayName}` (null: the server
 * itself). `within`: name only users who hold a role at that unit (granted there or above):
 * a conflict record is document data, and resolving whatever it says across all users let a
 * filler read the names of users in other townships.
 */
async function userNames(
  store: MetaStore,
  ids: (string | null | undefined)[],
  within?: { tree: UnitHierarchy; unitId: string },
): Promise<(id: string | null | undefined) => PersonName> {
  const names = new Map<string, PersonName>()
  for (const id of new Set(ids)) {
    if (!id) continue
    const u = await store.users.byId(id)
    if (!u || (within && rolesAt(within.tree, u, within.unitId).size === 0)) continue
    names.set(id, { username: u.username, displayName: u.displayName })
  }
  return (id) => (id ? (names.get(id) ?? { username: id, displayName: '未知用户' }) : systemUser)
}

const systemUser = { username: 'system', displayName: '系统' }
