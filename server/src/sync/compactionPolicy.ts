/**
 * @module sync/compactionPolicy
 * When a room snapshots its sheet, as one pure function of the room's counters: no timers,
 * no store (the room's `RoomSnapshots` arms the timer and writes the snapshot).
 *
 * Count: after `compactEvery` updates, or more on a big sheet — one update per 128 bytes of
 * the sheet's stored size. Encoding a 2,000-row sheet costs about as much as relaying a
 * thousand small edits, so a fixed count would make compaction the relay's main cost on big
 * sheets; tied to size, its cost per update stays constant (≈ encoding 128 bytes) and loading
 * replays at most size/128 small updates after the snapshot.
 *
 * Quiet time: a sheet with updates not in a snapshot is snapshotted once it has had no write
 * for `compactAfterMs`, not every `compactAfterMs` while edits keep coming (that would
 * re-encode a large sheet every minute for a trickle of edits; the cost of one snapshot:
 * `bench/RESULTS.md`, "Figures behind design choices").
 *
 * Not for: taking the snapshot (only while no write is in flight: `RoomSnapshots`).
 */

export interface CompactionCounters {
  /** Stored updates the doc holds that the last snapshot does not. */
  updatesSinceSnapshot: number
  /** The last snapshot's size plus the bytes of the updates stored since. */
  sheetBytes: number
  /** Time since the last stored write, in ms. */
  msSinceLastWrite: number
  compactEvery: number
  compactAfterMs: number
}

/** Stored bytes of a sheet per update it may gather before a snapshot is due by count. */
const BYTES_PER_UPDATE = 128

/**
 * `0`: snapshot now; a positive number: look again in that many ms (the quiet time left);
 * `null`: everything is in a snapshot, nothing to wait for.
 */
export function compactionDue({
  updatesSinceSnapshot,
  sheetBytes,
  msSinceLastWrite,
  compactEvery,
  compactAfterMs,
}: CompactionCounters): number | null {
  if (updatesSinceSnapshot <= 0) return null
  if (updatesSinceSnapshot >= Math.max(compactEvery, sheetBytes / BYTES_PER_UPDATE)) return 0
  return Math.max(0, compactAfterMs - msSinceLastWrite)
}
