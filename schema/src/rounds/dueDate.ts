/**
 * @module rounds/dueDate
 * When a due date (`YYYY-MM-DD`, SPEC §8) has passed: at the end of that day in China
 * (Asia/Shanghai, UTC+8 all year, no daylight saving), whatever the time zone of the server
 * or the browser. The round board, the 待办 and the rectification items all ask this.
 */

const DAY_MS = 86_400_000
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** A real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isDueDate(text: string): boolean {
  const m = ISO_DATE.exec(text)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === text
}

/** The first instant after `dueDate` in Asia/Shanghai (its midnight at the end). */
export function dueDeadline(dueDate: string): Date {
  return new Date(Date.parse(`${dueDate}T00:00:00+08:00`) + DAY_MS)
}

/** Whether `now` is after the end of `dueDate` in Asia/Shanghai. */
export function isPastDue(dueDate: string, now: Date = new Date()): boolean {
  return now.getTime() >= dueDeadline(dueDate).getTime()
}

/** Today's date in Asia/Shanghai as `YYYY-MM-DD`. */
export function chinaDate(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}
