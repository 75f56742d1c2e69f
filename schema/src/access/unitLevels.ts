/**
 * @module access/unitLevels
 * The levels of the unit tree (组织树, SPEC §1), from the top: 区县 district → 乡镇/街道
 * township → 村/社区 community → 网格 grid. A level may be skipped (a grid directly under a
 * township) but a child is always below its parent. The list is the one source for the
 * server's checks, both databases' CHECK constraints and the web app's labels.
 */

/** Top to bottom: a child's level comes later in the list than its parent's. */
export const UNIT_LEVELS = ['district', 'township', 'community', 'grid'] as const
export type UnitLevel = (typeof UNIT_LEVELS)[number]

export const UNIT_LEVEL_LABELS: Record<UnitLevel, string> = {
  district: '区县',
  township: '乡镇/街道',
  community: '村/社区',
  grid: '网格',
}
