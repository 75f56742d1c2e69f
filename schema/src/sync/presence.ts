/**
 * @module sync/presence
 * Presence colours as both sides need them (awareness state
 * `{user:{id, name, color}, cursor}`, SPEC §6.3): `presenceColor` is the colour of a user —
 * the server writes it into every awareness state it relays, from the session's user id, so
 * nobody picks their own (or somebody else's) — and `safeColor` is the check a colour passes
 * before the web app puts it into a style: awareness is data from the network, and a
 * "colour" such as `red; background-image: url(…)` in a style attribute would be CSS
 * injection.
 */

const PALETTE = [
  '#d32f2f',
  '#1976d2',
  '#388e3c',
  '#f57c00',
  '#7b1fa2',
  '#0097a7',
  '#c2185b',
  '#5d4037',
] as const

/** A stable colour per user id, readable on white. */
export function presenceColor(userId: string): string {
  let hash = 0
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return PALETTE[hash % PALETTE.length]!
}

const COLOR = /^(#[0-9a-fA-F]{3,8}|(rgb|hsl)a?\([0-9.,%\s]+\))$/

/** Drawn when a state's colour is missing or not a plain colour. */
export const FALLBACK_COLOR = '#2563eb'

/** A colour safe to put into CSS (a hex, rgb() or hsl() value); anything else the fallback. */
export function safeColor(color: unknown): string {
  return typeof color === 'string' && COLOR.test(color.trim()) ? color.trim() : FALLBACK_COLOR
}
