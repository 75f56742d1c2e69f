/**
 * @module demo/seedRectifications
 * The demo's 整改台账 (SPEC §9): the items of the inspection team's 督查评分表, generated as the
 * team lead would, then walked through the life cycle by the demo's own users so `npm start`
 * shows every state — 待整改 (one of them 逾期: its 整改期限 is set a month back before generating),
 * 整改中, 待验收 with a 佐证材料 photo (a PNG drawn in code), 已销号, and one 驳回 back to 整改中.
 * Every step goes through the same checks as the API (rectification/performAction).
 * Not for: the rest of the demo (seedDemo.ts).
 */
import { createHash } from 'node:crypto'
import {
  chinaDate,
  rectificationDraft,
  scoringTemplate,
  setCell,
  type Role,
} from '@taizhang/schema'
import { unitTree } from '../auth/unitTree'
import { StoredSheets } from '../consolidation/storedSheets'
import { generateItems } from '../rectification/generateItems'
import { editRectification, performRectification } from '../rectification/performAction'
import type { AttachmentStore } from '../storage/AttachmentStore'
import type { MetaStore } from '../storage/MetaStore'
import type { User } from '../storage/UserStore'
import type { RoomsApi } from '../sync/RoomsApi'
import { pngImage } from './pngImage'

export interface SeedRectificationsOptions {
  store: MetaStore
  rooms: RoomsApi
  attachments?: AttachmentStore | undefined
  /** The team's 督查评分表 and its lead. */
  scoringSheetId: string
  teamLeadId: string
}

/** A 320×240 "photo": a red flag on a light wall, drawn in code. */
function demoPhoto(): Buffer {
  return pngImage({
    width: 320,
    height: 240,
    fill: (x, y) => {
      const flag = x > 80 && x < 240 && y > 50 && y < 160
      const star = flag && (x - 110) ** 2 + (y - 85) ** 2 < 150
      if (star) return [255, 222, 0]
      if (flag) return [222, 41, 16]
      if (x > 76 && x < 80 && y > 40) return [90, 90, 90]
      return [236 - (y >> 3), 232 - (y >> 3), 224 - (y >> 3)]
    },
  })
}

export async function seedRectifications({
  store,
  rooms,
  attachments,
  scoringSheetId,
  teamLeadId,
}: SeedRectificationsOptions): Promise<number> {
  const sheet = await store.sheets.byId(scoringSheetId)
  const teamLead = await store.users.byId(teamLeadId)
  if (!sheet || !teamLead) return 0
  const tree = await unitTree(store)
  const sheets = new StoredSheets({ getDoc: (id) => rooms.getDoc(id) })

  // one organisation's deadline a month back, so the demo has a 逾期 item
  const { rows } = await sheets.read(sheet.id, scoringTemplate)
  const late = rows.find((r) => rectificationDraft(scoringTemplate, r) !== null)
  if (late) {
    const past = chinaDate(new Date(Date.now() - 30 * 86_400_000))
    await rooms.applyServerChange(sheet.id, teamLeadId, (doc) =>
      setCell(doc, late.id, 'deadline', past),
    )
  }
  const { created } = await generateItems({ store, sheets }, tree, sheet, teamLeadId)

  const users = await store.users.list()
  const holder = (unitId: string, role: Role): User | undefined =>
    users.find((u) => u.grants.some((g) => g.unitId === unitId && g.role === role))
  const deps = { store, attachments }
  const photo = demoPhoto()
  const photoId = createHash('sha256').update(photo).digest('hex')

  const items = (await store.rectifications.list({ sheetId: sheet.id })).filter(
    (i) => i.unitId !== null && i.rowId !== late?.id,
  )
  // the plan for the first few items with a grid; the rest (and the 逾期 one) stay 待整改
  const plans = ['inProgress', 'submitted', 'closed', 'rejected'] as const
  for (const [i, plan] of plans.entries()) {
    const first = items[i]
    if (!first) break
    const filler = holder(first.unitId!, 'filler') ?? holder(first.unitId!, 'lead')
    if (!filler) continue
    const now = async () => (await store.rectifications.byId(first.id))!
    await performRectification(deps, tree, filler, await now(), 'start', null)
    await editRectification(deps, tree, filler, await now(), {
      progress:
        plan === 'inProgress'
          ? '已召开支委会研究整改方案，正在落实'
          : '已按要求完成整改：制度上墙、党旗和标志已设置，活动记录已补齐',
    })
    if (plan === 'inProgress') continue
    if (attachments) {
      await attachments.put(
        {
          id: photoId,
          type: 'image/png',
          size: photo.byteLength,
          name: '整改后现场照片.png',
          createdBy: filler.id,
        },
        photo,
      )
      await editRectification(deps, tree, filler, await now(), { evidence: [photoId] })
    } else continue
    await performRectification(deps, tree, filler, await now(), 'submit', null)
    if (plan === 'closed') {
      await performRectification(
        deps,
        tree,
        teamLead,
        await now(),
        'close',
        '现场复查属实，予以销号',
      )
    }
    if (plan === 'rejected') {
      await performRectification(
        deps,
        tree,
        teamLead,
        await now(),
        'reject',
        '照片不能反映活动阵地全貌，请补充',
      )
    }
  }
  return created
}
