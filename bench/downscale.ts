/**
 * bench/downscale — a camera photo on the 整改 page of the real web app (client/dist, headless
 * Debian Chromium at 390×844, real `taizhang serve`): a 4000×3000 JPEG with sensor-like noise
 * (~4 MB, what a 12 MP phone camera writes) is made inside the page and handed to the page's
 * photo input (`DataTransfer` + `change`, so no test-harness file transfer is timed); the time
 * runs from that `change` to the kept photo's thumbnail in the page: createImageBitmap, the
 * OffscreenCanvas scale to 2048 px and JPEG re-encode, the sha256, the IndexedDB write and the
 * thumbnail drawn (SPEC §10). The page is offline, so no upload competes and the kept bytes stay
 * in IndexedDB to be measured. A second series runs with the CPU slowed 4× (CDP
 * `Emulation.setCPUThrottlingRate`), a rough stand-in for a mid-range phone.
 * Rewrites only the "## downscale" section of bench/RESULTS.md.
 * Run: `npx tsx bench/downscale.ts` (BENCH_DOWNSCALE_RUNS, default 5). Not a test: it reports.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { ensureClientBuilt, launchBrowser, signedInPage } from '../tests/e2e/browser'
import { seedRectificationFixture } from '../tests/helpers/rectification'
import { REPO_ROOT, seedFixture, startTestServer } from '../tests/helpers/server'

const RUNS = Number(process.env.BENCH_DOWNSCALE_RUNS ?? 5)
const THROTTLES = [1, 4]

interface Run {
  inputBytes: number
  ms: number
  width: number
  height: number
  keptBytes: number
}

/** In the page: make a noisy 4000×3000 JPEG, give it to the photo input, time to its thumbnail. */
async function onePhoto(page: Page, seed: number): Promise<Run> {
  return page.evaluate(async (seed) => {
    const width = 4000
    const height = 3000
    const canvas = new OffscreenCanvas(width, height)
    const ctx = canvas.getContext('2d')!
    const gradient = ctx.createLinearGradient(0, 0, width, height)
    gradient.addColorStop(0, '#b71c1c')
    gradient.addColorStop(1, '#1565c0')
    ctx.fillStyle = gradient
    ctx.fillRect(0, 0, width, height)
    const image = ctx.getImageData(0, 0, width, height)
    let s = seed >>> 0
    for (let i = 0; i < image.data.length; i += 4) {
      s = (s * 1103515245 + 12345) >>> 0
      const n = (s >>> 24) / 8 - 16
      image.data[i] = image.data[i]! + n
      image.data[i + 1] = image.data[i + 1]! + n
      image.data[i + 2] = image.data[i + 2]! + n
    }
    ctx.putImageData(image, 0, 0)
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })
    const file = new File([blob], `IMG_${seed}.jpg`, { type: 'image/jpeg' })

    const input = document.querySelector<HTMLInputElement>('.rect-detail input[type="file"]')!
    const before = new Set(
      [...document.querySelectorAll('.photo-thumb')].map((el) =>
        el.getAttribute('data-attachment-id'),
      ),
    )
    // (no named functions in here: tsx would wrap them in a helper the page does not have)
    const shown = new Promise<string>((resolve) => {
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('.photo-thumb')) {
          const id = el.getAttribute('data-attachment-id')
          if (id && !before.has(id) && el.querySelector('img')) resolve(id)
        }
      }).observe(document.body, { childList: true, subtree: true })
    })
    const transfer = new DataTransfer()
    transfer.items.add(file)
    input.files = transfer.files
    const started = performance.now()
    input.dispatchEvent(new Event('change', { bubbles: true }))
    const id = await shown
    const ms = performance.now() - started

    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('taizhang')
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    const kept = await new Promise<{ bytes: ArrayBuffer }>((resolve) => {
      const req = db.transaction('blobs').objectStore('blobs').get(id)
      req.onsuccess = () => resolve(req.result)
    })
    db.close()
    const bitmap = await createImageBitmap(new Blob([kept.bytes], { type: 'image/jpeg' }))
    return {
      inputBytes: file.size,
      ms,
      width: bitmap.width,
      height: bitmap.height,
      keptBytes: kept.bytes.byteLength,
    }
  }, seed)
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
const kib = (n: number) => `${Math.round(n / 1024).toLocaleString('en')} KiB`

async function main(): Promise<void> {
  ensureClientBuilt()
  const loadStart = loadavg()[0]!.toFixed(1)
  const server = await startTestServer()
  const browser = await launchBrowser()
  try {
    const fx = await seedFixture(server)
    const rx = await seedRectificationFixture(server, fx)
    const generated = await server.api('POST', '/api/rectifications/generate', rx.tokens.teamLead, {
      sheetId: rx.scoring,
    })
    if (generated.status !== 200) throw new Error(`generate → ${generated.status}`)
    const list = await server.api(
      'GET',
      `/api/rectifications?unit=${fx.units.gridA1}`,
      fx.tokens.filler,
    )
    const itemId = (list.body.items as { id: string }[])[0]!.id
    const { context, page } = await signedInPage(browser, server, fx.tokens.filler, {
      width: 390,
      height: 844,
    })
    await page.goto(`/units/${fx.units.gridA1}/rectifications?item=${itemId}`)
    await page.locator('.rect-detail input[type="file"]').waitFor({ state: 'attached' })
    await context.setOffline(true)
    const cdp = await context.newCDPSession(page)
    const series: { rate: number; runs: Run[] }[] = []
    let seed = 1
    for (const rate of THROTTLES) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate })
      const runs: Run[] = []
      for (let i = 0; i < RUNS; i++) runs.push(await onePhoto(page, seed++))
      series.push({ rate, runs })
      console.log(`CPU ÷${rate}:`, runs.map((r) => `${Math.round(r.ms)} ms`).join(', '))
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
    await context.close()

    const all = series.flatMap((s) => s.runs)
    const lines = [
      '## downscale',
      '',
      `\`npx tsx bench/downscale.ts\` (bench/downscale.ts), ${new Date().toISOString().slice(0, 16)}Z:`,
      '',
      `- machine: ${cpus().length} CPU(s), Node ${process.version}, load average ${loadStart} at the start (other jobs share the machine); headless Debian Chromium, page 390×844, offline`,
      `- input: a 4000×3000 JPEG with sensor-like noise made in the page, ${kib(median(all.map((r) => r.inputBytes)))} (median)`,
      `- kept: ${[...new Set(all.map((r) => `${r.width}×${r.height}`))].join(', ')} (long edge ≤ 2048: ${all.every((r) => Math.max(r.width, r.height) <= 2048) ? 'met' : 'MISSED'}), JPEG q 0.85, ${kib(median(all.map((r) => r.keptBytes)))} (median)`,
      "- time from the input's `change` to the kept photo's thumbnail (decode, scale, re-encode, sha256, IndexedDB, thumbnail):",
      '',
      '| CPU | runs | median ms | min ms | max ms |',
      '| --- | ---- | --------- | ------ | ------ |',
      ...series.map(({ rate, runs }) => {
        const t = runs.map((r) => r.ms)
        return `| ${rate === 1 ? 'as is' : `÷${rate}`} | ${runs.length} | ${Math.round(median(t))} | ${Math.round(Math.min(...t))} | ${Math.round(Math.max(...t))} |`
      }),
      '',
    ]
    const section = lines.join('\n')
    console.log('\n' + section)
    writeSection(section)
  } finally {
    await browser.close()
    await server.stop()
  }
}

/** Replaces (or appends) only the "## downscale" section; other benches own the rest. */
function writeSection(section: string): void {
  const file = join(REPO_ROOT, 'bench/RESULTS.md')
  let text = readFileSync(file, 'utf8')
  const start = text.search(/^## downscale$/m)
  if (start >= 0) {
    const rest = text.slice(start + 1)
    const nextAt = rest.search(/^## /m)
    const after = nextAt >= 0 ? '\n' + rest.slice(nextAt) : ''
    text = text.slice(0, start) + section + after
  } else {
    text = text.trimEnd() + '\n\n' + section
  }
  writeFileSync(file, text)
}

setTimeout(() => {
  console.error('bench/downscale: gave up after 5 minutes (machine too busy?)')
  process.exit(1)
}, 300_000).unref()

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
