/**
 * @module schema/export/sheetFooter
 * What every export says about where it came from: the 填报单位/填报人/审核人/日期 line
 * and the sheet version (short hash and time: each export records which sheet version it
 * came from, SPEC §5). Times are shown in China Standard Time (UTC+8, no DST),
 * whatever the server's own time zone, so the same export reads the same everywhere.
 * Not for: laying these out (each writer does that).
 */

/** The sheet version an export was made from: a content hash and when it was taken. */
export interface SheetVersion {
  hash: string
  /** ISO 8601 time of that version. */
  at: string
}

/** Who and what an export is about; the optional names are left blank for signing. */
export interface ExportMeta {
  unitName: string
  /** The sheet's name, e.g. 2026年一季度网格台账. */
  title: string
  filler?: string | undefined
  reviewer?: string | undefined
  /** `YYYY-MM-DD`; blank when absent so it can be filled in by hand. */
  date?: string | undefined
  /** The reporting period of a round's sheet (SPEC §8), e.g. 2026年第一季度. */
  period?: string | undefined
  version: SheetVersion
}

const CST_OFFSET_MS = 8 * 60 * 60 * 1000

/** `YYYY-MM-DD HH:mm` in China Standard Time; the input unchanged if it is not a time. */
export function chinaTime(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
}

/** The first 8 characters of the version hash, as shown to people. */
export function shortHash(hash: string): string {
  return hash.slice(0, 8)
}

/** `版本 1a2b3c4d · 2026-11-22 12:11` */
export function versionLabel(version: SheetVersion): string {
  return `版本 ${shortHash(version.hash)} · ${chinaTime(version.at)}`
}

export interface SignatureField {
  label: string
  value: string
}

/** The signature line's fields in their fixed order (报送期间 last, for a round's sheet). */
export function signatureFields(
  meta: Pick<ExportMeta, 'unitName' | 'filler' | 'reviewer' | 'date' | 'period'>,
): SignatureField[] {
  return [
    { label: '填报单位', value: meta.unitName },
    { label: '填报人', value: meta.filler ?? '' },
    { label: '审核人', value: meta.reviewer ?? '' },
    { label: '日期', value: meta.date ?? '' },
    ...(meta.period ? [{ label: '报送期间', value: meta.period }] : []),
  ]
}
