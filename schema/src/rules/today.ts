/**
 * @module rules/today
 * Today's local date as `YYYY-MM-DD`: what `{"today": true}` reads (督查日期 not in the
 * future, SPEC §2.2) unless the caller passes its own (tests, the server's time zone).
 */

/** Today's local date as `YYYY-MM-DD`. */
export function localToday(now: Date = new Date()): string {
  const p = (n: number): string => (n < 10 ? '0' : '') + n
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`
}
