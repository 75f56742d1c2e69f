/**
 * @module sync/conflictAuthors
 * Who wrote each side of a conflict. `conflictDetector.ts` reports the Yjs client id of both
 * Items; this maps a client id to the user whose connection sent it and when: from the
 * room's memory of the changes it stored, or — for a client id the room has not seen since
 * it loaded (the other side was written before) — by scanning the stored log once per room.
 *
 * Not for: detecting conflicts or writing the records (`conflictDetector.ts`).
 */
import type { ConflictValue } from '@taizhang/schema'
import * as Y from 'yjs'
import type { LoggedUpdate } from '../storage/DocStore'
import type { DetectedConflict } from './conflictDetector'

interface Author {
  userId: string | null
  at: Date
}

/** A detected conflict with its authors, as `recordConflicts` takes it. */
export interface AttributedConflict {
  rowId: string
  column: string
  values: ConflictValue[]
}

export class ConflictAuthors {
  private readonly clients = new Map<number, Author>()
  private fromLog: Promise<void> | null = null

  constructor(
    /** The sheet's attributed log (read at most once). */
    private readonly readLog: () => Promise<LoggedUpdate[]>,
    /** A user id as shown in conflict records. */
    private readonly label: (userId: string) => string,
  ) {}

  /** The structs of `clients` were stored for `userId` at `at`. */
  wrote(clients: readonly number[], userId: string | null, at: Date): void {
    const author = { userId, at }
    for (const client of clients) this.clients.set(client, author)
  }

  /** Whether every client id of `detected` is known without reading the log. */
  knowsAll(detected: DetectedConflict[]): boolean {
    return detected.every((c) => c.values.every((v) => this.clients.has(v.client)))
  }

  /** The conflicts with each value's author label and time (as far as they are known). */
  attribute(detected: DetectedConflict[]): AttributedConflict[] {
    return detected.map((c) => ({
      rowId: c.rowId,
      column: c.column,
      values: c.values.map((v): ConflictValue => {
        const author = this.clients.get(v.client)
        return {
          value: v.value,
          by: author?.userId ? this.label(author.userId) : '',
          at: (author?.at ?? new Date()).toISOString(),
        }
      }),
    }))
  }

  /** Map every client id in the stored log to the user who sent it (once per room). */
  learnFromLog(): Promise<void> {
    this.fromLog ??= this.readLog().then((log) => {
      for (const entry of log) {
        try {
          for (const s of Y.decodeUpdate(entry.data).structs) {
            if (!this.clients.has(s.id.client)) {
              this.clients.set(s.id.client, { userId: entry.userId, at: new Date(entry.at) })
            }
          }
        } catch {
          // an unusable stored update names nobody
        }
      }
    })
    return this.fromLog
  }
}
