/**
 * @module bench/serverProcess
 * What the benches need of a server they run as a child process: start `taizhang serve` on
 * a fresh data directory (each bench passes its own environment), wait until it prints a
 * line (its listening address), call its JSON API, stop it, and read its CPU seconds and
 * memory from /proc (Linux only; the benches' figures are per process, so a shared
 * machine's other load does not count).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BIN = join(ROOT, 'server/bin/taizhang.mjs')

export interface BenchServer {
  proc: ChildProcess
  url: string
  /** The data directory (the caller removes it). */
  dir: string
}

/** `taizhang serve --port 0` on a new temporary data directory named `prefix…`. */
export async function spawnServer(
  prefix: string,
  env: Record<string, string>,
): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dir], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [, url] = await waitForLine(proc, /listening on (http:\/\/\S+)/)
  return { proc, url: url!, dir }
}

/** A JSON API call; anything but 2xx throws with the answer. */
export async function benchApi(
  server: { url: string },
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<any> {
  const res = await fetch(server.url + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  })
  const json = (await res.json()) as any
  if (res.status >= 300) {
    throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`)
  }
  return json
}

/** Clock ticks per second in /proc/PID/stat (USER_HZ, 100 on Linux). */
const TICK = 100

/** Resolves with the first match of `pattern` on the child's stdout; rejects if it exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.setEncoding('utf8')
    child.stdout!.on('data', (chunk: string) => {
      out += chunk
      const m = out.match(pattern)
      if (m) resolve(m)
    })
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)))
  })
}

/** SIGTERM, resolved once the child has exited. */
export const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })

/** User and system CPU seconds from a /proc `stat` file. */
function cpuOfStat(path: string): { user: number; system: number } {
  const stat = readFileSync(path, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return { user: Number(fields[11]) / TICK, system: Number(fields[12]) / TICK }
}

/** Seconds of CPU a process has used (utime + stime). */
export function cpuSecondsOf(pid: number): number {
  const { user, system } = cpuOfStat(`/proc/${pid}/stat`)
  return user + system
}

/** CPU seconds per thread of a process ("main", or the thread's name and id → seconds). */
export function threadCpuOf(pid: number): Map<string, number> {
  const out = new Map<string, number>()
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()
      const name = Number(tid) === pid ? 'main' : `${comm}#${tid}`
      const { user, system } = cpuOfStat(`/proc/${pid}/task/${tid}/stat`)
      out.set(`${name} user`, user)
      out.set(`${name} system`, system)
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out
}

/** Resident memory of a process in MiB. */
export function rssMiBOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kb / 1024
}
