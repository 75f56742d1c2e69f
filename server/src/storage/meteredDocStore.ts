/**
 * @module storage/meteredDocStore
 * A `DocStore` that counts what passes through it for `/metrics`: stored updates (and
 * their rate over the last minute) and compactions with their time. Wraps either backend.
 * Not for: storing anything itself.
 */
import type { DocStore, LoadedDoc, LoggedUpdate } from './DocStore'

export interface DocStoreMeter {
  appends: number
  appendFailures: number
  compactions: number
  compactionFailures: number
  compactionSeconds: number
  /** Stored updates per second, averaged over the last minute. */
  updateRate(): number
}

const WINDOW_SECONDS = 60

export class MeteredDocStore implements DocStore {
  readonly meter: DocStoreMeter
  /** Appends per second of the last minute, as a ring of per-second buckets. */
  private readonly buckets = new Array<number>(WINDOW_SECONDS).fill(0)
  private bucketSecond = Math.floor(Date.now() / 1000)

  constructor(private readonly inner: DocStore) {
    const meter = {
      appends: 0,
      appendFailures: 0,
      compactions: 0,
      compactionFailures: 0,
      compactionSeconds: 0,
      updateRate: () => {
        this.rotate()
        return this.buckets.reduce((a, b) => a + b, 0) / WINDOW_SECONDS
      },
    }
    this.meter = meter
  }

  load(sheetId: string): Promise<LoadedDoc> {
    return this.inner.load(sheetId)
  }

  async append(sheetId: string, update: Uint8Array, userId: string | null, at: Date) {
    try {
      const seq = await this.inner.append(sheetId, update, userId, at)
      this.counted()
      return seq
    } catch (error) {
      this.meter.appendFailures++
      throw error
    }
  }

  appendNow(sheetId: string, update: Uint8Array, userId: string | null, at: Date): number | null {
    if (!this.inner.appendNow) return null
    try {
      const seq = this.inner.appendNow(sheetId, update, userId, at)
      if (seq !== null) this.counted()
      return seq
    } catch (error) {
      this.meter.appendFailures++
      throw error
    }
  }

  async compact(sheetId: string, state: Uint8Array, uptoSeq: number): Promise<void> {
    const started = performance.now()
    try {
      await this.inner.compact(sheetId, state, uptoSeq)
      this.meter.compactions++
    } catch (error) {
      this.meter.compactionFailures++
      throw error
    } finally {
      this.meter.compactionSeconds += (performance.now() - started) / 1000
    }
  }

  readLog(sheetId: string, options?: { until?: Date }): Promise<LoggedUpdate[]> {
    return this.inner.readLog(sheetId, options)
  }

  lastSeq(sheetId: string): Promise<number> {
    return this.inner.lastSeq(sheetId)
  }

  async durable(): Promise<void> {
    await this.inner.durable?.()
  }

  private counted(): void {
    this.meter.appends++
    this.rotate()
    this.buckets[this.bucketSecond % WINDOW_SECONDS]!++
  }

  /** Clear the buckets of the seconds that passed without appends. */
  private rotate(): void {
    const now = Math.floor(Date.now() / 1000)
    const passed = Math.min(now - this.bucketSecond, WINDOW_SECONDS)
    for (let i = 1; i <= passed; i++) this.buckets[(this.bucketSecond + i) % WINDOW_SECONDS] = 0
    this.bucketSecond = now
  }
}
