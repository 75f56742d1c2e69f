/**
 * @module export/feedbackRectification
 * The 整改 part of a 督查反馈单 page (SPEC §9): the item's status (逾期 marked), 整改情况, 销号时间
 * and thumbnails of its photos. Only JPEG and PNG are drawn (what the PDF library reads); at most
 * `MAX_PHOTOS_PER_ITEM` per item, each at most `MAX_PHOTO_BYTES`, so a sheet's PDF costs bounded
 * memory however many photos the items hold.
 * Not for: choosing the items or reading the photos (routes/exports.ts).
 */
import { chinaTime, RECTIFICATION_STATUS_LABELS, type RectificationItem } from '@taizhang/schema'
import type { Content } from './fonts'
import { GRID_LAYOUT, printable } from './pdfParts'

export const MAX_PHOTOS_PER_ITEM = 4
export const MAX_PHOTO_BYTES = 4 * 1024 * 1024

/** What a page shows of an item; `photos` are JPEG or PNG bytes. */
export interface FeedbackRectification {
  item: Pick<RectificationItem, 'status' | 'overdue' | 'progress' | 'closedAt' | 'evidence'>
  unitName: string | null
  photos: { type: 'image/jpeg' | 'image/png'; data: Buffer }[]
}

const label = (t: string): Content => ({ text: t, bold: true, fillColor: '#f2f2f2' })

export function rectificationBlock(
  { item, unitName, photos }: FeedbackRectification,
  { withPhotos = true }: { withPhotos?: boolean } = {},
): Content {
  const status = `${RECTIFICATION_STATUS_LABELS[item.status]}${item.overdue ? '（逾期）' : ''}`
  const body: Content[][] = [
    [label('整改状态'), status, label('责任单位'), printable(unitName ?? '未指定')],
    [label('整改情况'), { text: printable(item.progress) || '—', colSpan: 3 }, {}, {}],
    [
      label('销号时间'),
      item.status === 'closed' && item.closedAt ? chinaTime(item.closedAt) : '—',
      label('佐证材料'),
      `${item.evidence.length} 份`,
    ],
  ]
  const shown = withPhotos ? photos.slice(0, MAX_PHOTOS_PER_ITEM) : []
  if (shown.length > 0) {
    body.push([
      label('照片'),
      {
        colSpan: 3,
        columnGap: 6,
        columns: shown.map((p) => ({
          width: 'auto',
          image: `data:${p.type};base64,${p.data.toString('base64')}`,
          fit: [110, 82],
        })),
      },
      {},
      {},
    ])
  }
  return {
    margin: [0, 8, 0, 0],
    table: { widths: [90, '*', 60, '*'], body, dontBreakRows: true },
    layout: GRID_LAYOUT,
    fontSize: 10,
  }
}
