/**
 * @module auth/hashPool
 * Password hashing on worker threads, for the admin routes that hash many passwords at once
 * (the users import: 1,000 accounts is ~50 s of scrypt on one core). Node's own async scrypt
 * runs on the libuv pool that file reads, DNS and zlib share, four threads on two cores, so a
 * big import would make static files and other requests wait; the workers here are a pool of
 * their own, one per core (`availableParallelism()`, or `TAIZHANG_HASH_WORKERS`), started on
 * first use and unref'd so they never keep the process alive. Each job is one scrypt with the
 * cost and format of `auth/passwords` (`hashPassword`), which `verifyPassword` reads.
 * The worker is a small inline script (`eval`), so it runs the same under tsx and plain node.
 */
import { randomBytes } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { DEFAULT_COST, formatHash, type ScryptCost } from './passwords'

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { scryptSync } = require('node:crypto')
parentPort.on('message', ({ id, password, salt, N, r, p, keylen }) => {
  try {
    const key = scryptSync(password, Buffer.from(salt), keylen, { N, r, p, maxmem: 64 * 1024 * 1024 })
    parentPort.postMessage({ id, key })
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) })
  }
})
`

interface Job {
  id: number
  password: string
  salt: Buffer
  cost: ScryptCost
  resolve: (hash: string) => void
  reject: (error: Error) => void
}

interface Slot {
  worker: Worker
  job: Job | null
}

export class HashPool {
  private slots: Slot[] = []
  private queue: Job[] = []
  private nextId = 1
  private closed = false

  constructor(readonly size = defaultSize()) {}

  /**
   * The stored form of `password` (`scrypt$N$r$p$salt$hash`), computed on a worker; `cost`
   * is `DEFAULT_COST` but for an import's initial passwords (`INITIAL_COST`).
   */
  hash(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
    if (this.closed) return Promise.reject(new Error('hash pool closed'))
    return new Promise((resolve, reject) => {
      this.queue.push({
        id: this.nextId++,
        password: password.normalize('NFC'),
        salt: randomBytes(16),
        cost,
        resolve,
        reject,
      })
      this.pump()
    })
  }

  /** Jobs waiting for a worker (not counting those running). */
  get pending(): number {
    return this.queue.length
  }

  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) job.reject(new Error('hash pool closed'))
    await Promise.all(this.slots.map((s) => s.worker.terminate()))
    this.slots = []
  }

  private pump() {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job)
      if (!slot && this.slots.length < this.size) slot = this.spawn()
      if (!slot) return
      const job = this.queue.shift()!
      slot.job = job
      const { N, r, p } = job.cost
      slot.worker.postMessage({
        id: job.id,
        password: job.password,
        salt: job.salt,
        N,
        r,
        p,
        keylen: 32,
      })
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    worker.unref()
    const slot: Slot = { worker, job: null }
    worker.on('message', (msg: { id: number; key?: Uint8Array; error?: string }) => {
      const job = slot.job
      slot.job = null
      if (job && job.id === msg.id) {
        if (msg.key) job.resolve(formatHash(job.cost, job.salt, Buffer.from(msg.key)))
        else job.reject(new Error(msg.error ?? 'hash failed'))
      }
      this.pump()
    })
    worker.on('error', (error) => {
      slot.job?.reject(error)
      slot.job = null
      this.slots = this.slots.filter((s) => s !== slot)
      this.pump()
    })
    this.slots.push(slot)
    return slot
  }
}

function defaultSize(): number {
  const configured = Number(process.env.TAIZHANG_HASH_WORKERS)
  if (Number.isInteger(configured) && configured > 0) return Math.min(configured, 32)
  return Math.max(1, availableParallelism())
}

let shared: HashPool | null = null

/** The process's pool (the routes share it). */
export function hashPool(): HashPool {
  shared ??= new HashPool()
  return shared
}
