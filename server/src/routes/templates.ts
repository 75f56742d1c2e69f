/**
 * @module routes/templates
 * Stored, versioned templates over HTTP (SPEC §7):
 * - `GET /api/templates` → `{templates:[{id, kind, name, unitId, version, builtIn}]}`: the
 *   built-ins and the templates of the units on the caller's path and in its subtrees;
 * - `GET /api/templates/:id[?version=N]` → `{id, kind, name, unitId, version, definition,
 *   versions}`; for an admin of the owning unit, `problem: {version, usedVersion, issues}` when
 *   that version no longer validates (sheets then follow `usedVersion`, the last good one);
 * - `POST /api/templates {unitId, kind, name, definition}` (an admin of `unitId`) → 201
 *   `{id, version: 1}`;
 * - `PUT /api/templates/:id {name?, definition}` (an admin of the owning unit) → `{id, version}`.
 * An invalid definition is 422 `{error, issues:[{path, message}]}` (schema's
 * `validateDefinition`, Chinese messages naming the place). A template the caller may not see
 * answers exactly like one that does not exist (404).
 * Not for: loading and caching versions (templates/TemplateRegistry.ts), storage.
 */
import {
  builtinSummaries,
  DEFINITION_KINDS,
  newId,
  validateDefinition,
  type Template,
} from '@taizhang/schema'
import { Hono } from 'hono'
import { z } from 'zod'
import { unitTree } from '../auth/unitTree'
import { readBody } from '../http/body'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { ApiError, badRequest, conflict, forbidden, notFound } from '../http/errors'
import { requireAuth } from '../http/requireAuth'
import { TEMPLATE_LIMITS, TemplateStoreError } from '../storage/TemplateStore'
import { canEditTemplates, canSeeTemplate, templateUnitIds } from '../templates/templateAccess'
import { templateRegistry, type LoadedTemplate } from '../templates/TemplateRegistry'

const Name = z.string().trim().min(1).max(100)
const CreateBody = z.object({
  unitId: z.string().min(1).max(64),
  kind: z.enum(DEFINITION_KINDS),
  name: Name,
  definition: z.unknown(),
})
const UpdateBody = z.object({ name: Name.optional(), definition: z.unknown() })

/** A built-in as a definition: the template without its identity. */
function definitionOf(t: Template): Record<string, unknown> {
  const { kind: _kind, id: _id, name: _name, version: _version, ...definition } = t
  return definition
}

function invalid(issues: { path: string; message: string }[]): ApiError {
  return new ApiError(422, 'invalid-definition', '表样定义有误', { issues })
}

function storeError(error: unknown): unknown {
  if (!(error instanceof TemplateStoreError)) return error
  if (error.code === 'not-found') return notFound('表样不存在')
  return conflict(error.message, error.code)
}

export function templateRoutes(deps: AppDeps) {
  const { store, sessions, audit = () => {} } = deps
  const auth = requireAuth({ sessions })
  const templates = templateRegistry(store)

  /** A template the caller may see, or 404 (unknown and invisible look alike). */
  const visible = async (c: { get(key: 'user'): AppEnv['Variables']['user'] }, id: string) => {
    const user = c.get('user')
    const tree = await unitTree(store)
    const latest = await templates.load(id)
    if (!latest || (!latest.builtIn && !canSeeTemplate(tree, user, latest.unitId!))) {
      throw notFound('表样不存在')
    }
    return { latest, tree, user }
  }

  return new Hono<AppEnv>()
    .get('/', auth, async (c) => {
      const user = c.get('user')
      const tree = await unitTree(store)
      const stored = await store.templates.list(templateUnitIds(tree, user))
      const list = [
        ...builtinSummaries(),
        ...stored.map((t) => ({
          id: t.id,
          kind: t.kind,
          name: t.name,
          unitId: t.unitId,
          version: t.version,
          builtIn: false,
        })),
      ]
      return c.json({ templates: list })
    })
    .get('/:id', auth, async (c) => {
      const { latest, tree, user } = await visible(c, c.req.param('id'))
      const asked = c.req.query('version')
      let loaded: LoadedTemplate | undefined = latest
      if (asked !== undefined) {
        const version = Number(asked)
        if (!Number.isInteger(version) || version < 1) {
          throw badRequest('version 应为正整数', 'bad-query')
        }
        loaded = await templates.load(latest.id, version)
        if (!loaded) throw notFound('该表样没有这个版本')
      }
      if (loaded.builtIn) {
        return c.json({
          id: loaded.id,
          kind: loaded.kind,
          name: loaded.name,
          unitId: null,
          version: loaded.version,
          definition: definitionOf(loaded.template),
          versions: [loaded.version],
          builtIn: true,
        })
      }
      const record = (await store.templates.get(loaded.id, loaded.version))!
      let definition: unknown = record.definition
      try {
        definition = JSON.parse(record.definition)
      } catch {
        // kept as the text it is; `problem` says why
      }
      const admin = canEditTemplates(tree, user, record.unitId)
      return c.json({
        id: record.id,
        kind: record.kind,
        name: record.name,
        unitId: record.unitId,
        version: record.version,
        definition,
        versions: await store.templates.versions(record.id),
        builtIn: false,
        ...(admin && loaded.problem
          ? {
              problem: {
                version: loaded.version,
                usedVersion: loaded.usedVersion,
                issues: loaded.problem,
              },
            }
          : {}),
      })
    })
    .post('/', auth, async (c) => {
      const user = c.get('user')
      const body = await readBody(c, CreateBody)
      const tree = await unitTree(store)
      if (!tree.has(body.unitId)) throw notFound('单位不存在')
      if (!canEditTemplates(tree, user, body.unitId)) {
        throw forbidden('只有该单位或上级单位的管理员可以保存表样')
      }
      const result = validateDefinition(body.kind, body.definition)
      if (!result.ok) throw invalid(result.issues)
      const id = `t-${newId()}`
      let record
      try {
        record = await store.templates.create(
          {
            id,
            unitId: body.unitId,
            kind: body.kind,
            name: body.name,
            definition: JSON.stringify(result.definition),
            createdBy: user.id,
          },
          TEMPLATE_LIMITS,
        )
      } catch (error) {
        throw storeError(error)
      }
      audit({
        userId: user.id,
        action: 'template-create',
        detail: { templateId: id, unitId: body.unitId, kind: body.kind, name: body.name },
      })
      return c.json({ id: record.id, version: record.version }, 201)
    })
    .put('/:id', auth, async (c) => {
      const { latest, tree, user } = await visible(c, c.req.param('id'))
      if (latest.builtIn) throw forbidden('内置表样不能修改，请复制后另存')
      if (!canEditTemplates(tree, user, latest.unitId!)) {
        throw forbidden('只有该单位或上级单位的管理员可以修改表样')
      }
      const body = await readBody(c, UpdateBody)
      const result = validateDefinition(latest.kind as 'ledger' | 'scoring', body.definition)
      if (!result.ok) throw invalid(result.issues)
      let record
      try {
        record = await store.templates.addVersion(
          latest.id,
          {
            name: body.name ?? latest.name,
            definition: JSON.stringify(result.definition),
            createdBy: user.id,
          },
          TEMPLATE_LIMITS,
        )
      } catch (error) {
        throw storeError(error)
      }
      audit({
        userId: user.id,
        action: 'template-version',
        detail: { templateId: record.id, version: record.version, name: record.name },
      })
      return c.json({ id: record.id, version: record.version })
    })
}
