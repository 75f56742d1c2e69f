/**
 * @module tests/e2e/browser
 * What the browser tests share: the built web app (built once if client/dist is
 * missing), Debian's Chromium through playwright-core (never `playwright install`),
 * a suite's server + fixture + browser started and stopped together, a page signed in as a
 * given user, and AG Grid cell helpers that use the `row-id` /
 * `col-id` attributes the grid puts on every cell (SPEC §6.3).
 */
import { execSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core'
import {
  REPO_ROOT,
  seedFixture,
  startTestServer,
  type Fixture,
  type StartOptions,
  type TestServer,
} from '../helpers/server'

export const ARTIFACTS = join(REPO_ROOT, 'tests/artifacts')

/** The built app is there and newer than every source it is built from. */
const BUILT_AND_FRESH =
  '[ -f client/dist/index.html ] && [ -z "$(find client/src client/index.html schema/src -newer client/dist/index.html -print -quit)" ]'

/**
 * Builds client/dist when it is missing or older than the web app's sources (a worktree
 * that moved on keeps its ignored dist: e2e tests must not run yesterday's app), one build
 * even if several files ask at once.
 */
export function ensureClientBuilt(): void {
  execSync(
    `flock /tmp/taizhang-client-build.lock sh -c '${BUILT_AND_FRESH} || npm run build -w client'`,
    // vitest sets NODE_ENV=test, with which vite would build React's development bundle
    { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  )
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export interface BrowserSuite {
  server: TestServer
  fx: Fixture
  browser: Browser
}

/**
 * What most browser suites start in `beforeAll`: the built app, a real server with
 * `seedFixture`'s tree, and Chromium.
 *
 *   beforeAll(async () => void ({ server, fx, browser } = await startBrowserSuite()), 120_000)
 *   afterAll(() => stopBrowserSuite({ server, browser }))
 */
export async function startBrowserSuite(options: StartOptions = {}): Promise<BrowserSuite> {
  ensureClientBuilt()
  const server = await startTestServer(options)
  const fx = await seedFixture(server)
  return { server, fx, browser: await launchBrowser() }
}

/** Closes what `startBrowserSuite` started (either may be missing if it failed half-way). */
export async function stopBrowserSuite({
  server,
  browser,
}: {
  server?: TestServer
  browser?: Browser
}): Promise<void> {
  await browser?.close()
  await server?.stop()
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true })
  return join(ARTIFACTS, name)
}

export interface SignedIn {
  context: BrowserContext
  page: Page
}

/** A fresh browser profile signed in with `token` (the app keeps it in localStorage). */
export async function signedInPage(
  browser: Browser,
  server: TestServer,
  token: string,
  { width = 1600, height = 900 } = {},
): Promise<SignedIn> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width, height },
    locale: 'zh-CN',
    serviceWorkers: 'allow',
  })
  await context.addInitScript((t) => {
    if (!localStorage.getItem('taizhang.token')) localStorage.setItem('taizhang.token', t)
  }, token)
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error('[browser]', error.message))
  return { context, page }
}

/** Opens a sheet and waits until its grid shows rows. */
export async function openSheet(page: Page, sheetId: string, firstRowId?: string): Promise<void> {
  await page.goto(`/sheets/${sheetId}`)
  await page.locator('.ag-root').waitFor()
  if (firstRowId) await cell(page, firstRowId, 'name').waitFor()
}

/** The grid cell of a row and column (not the pinned 序号 copy of the row). */
export function cell(page: Page, rowId: string, colId: string): Locator {
  return page.locator(`.ag-row[row-id="${rowId}"] .ag-cell[col-id="${colId}"]`)
}

/**
 * Brings a cell into view: AG Grid renders only the rows and columns in view, so scroll
 * the grid's horizontal scrollbar from the left until the column is rendered.
 */
export async function revealCell(page: Page, rowId: string, colId: string): Promise<Locator> {
  const target = cell(page, rowId, colId)
  if ((await target.count()) > 0) return target
  const scroller = page.locator('.ag-body-horizontal-scroll-viewport')
  for (let step = 0; step < 40 && (await target.count()) === 0; step++) {
    const done = await scroller.evaluate((el, step) => {
      el.scrollLeft = step * 300
      return el.scrollLeft + el.clientWidth >= el.scrollWidth
    }, step)
    await page.waitForTimeout(60)
    if (done && (await target.count()) === 0 && step > 0) break
  }
  await target.waitFor({ timeout: 5000 })
  return target
}

/** Types `text` into a cell through its editor, as a person does (double-click, type, Enter). */
export async function editCell(
  page: Page,
  rowId: string,
  colId: string,
  text: string,
): Promise<void> {
  const target = await revealCell(page, rowId, colId)
  await target.dblclick()
  const editor = target.locator('input, textarea').first()
  await editor.waitFor()
  await editor.fill(text)
  await editor.press('Enter')
  await expectCellText(page, rowId, colId, text)
}

/** Waits until a cell shows `text`. */
export async function expectCellText(
  page: Page,
  rowId: string,
  colId: string,
  text: string,
  timeout = 10_000,
): Promise<void> {
  await revealCell(page, rowId, colId)
  await page.waitForFunction(
    ({ rowId, colId, text }) => {
      const el = document.querySelector(`.ag-row[row-id="${rowId}"] .ag-cell[col-id="${colId}"]`)
      return el?.textContent?.trim() === text
    },
    { rowId, colId, text },
    { timeout },
  )
}

/** Waits until the connection indicator shows `state` and (optionally) `pending` changes. */
export async function expectConnection(
  page: Page,
  state: 'online' | 'offline' | 'syncing',
  pending?: number,
  timeout = 15_000,
): Promise<void> {
  const selector =
    pending === undefined
      ? `.conn[data-state="${state}"]`
      : `.conn[data-state="${state}"][data-pending="${pending}"]`
  try {
    await page.locator(selector).waitFor({ timeout })
  } catch (error) {
    const shown = await page
      .locator('.conn')
      .first()
      .evaluate((el) => el.outerHTML)
      .catch(() => '(none)')
    throw new Error(`connection indicator not ${state}/${pending ?? '*'}; shown: ${shown}`, {
      cause: error,
    })
  }
}

/** Waits until a cell carries (or no longer carries) a CSS class, e.g. `tz-cell-error`. */
export async function expectCellClass(
  page: Page,
  rowId: string,
  colId: string,
  className: string,
  present = true,
  timeout = 10_000,
): Promise<void> {
  await revealCell(page, rowId, colId)
  await page.waitForFunction(
    ({ rowId, colId, className, present }) => {
      const el = document.querySelector(`.ag-row[row-id="${rowId}"] .ag-cell[col-id="${colId}"]`)
      return !!el && el.classList.contains(className) === present
    },
    { rowId, colId, className, present },
    { timeout },
  )
}
