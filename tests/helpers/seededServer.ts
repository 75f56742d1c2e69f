/**
 * @module tests/helpers/seededServer
 * The preamble of the real-server sync suites: one server process with the permission
 * fixture (`seedFixture`), started before the file's tests and stopped after them, and
 * `open()` for stock-provider clients that are destroyed with it. Call at the top level of
 * a test file; read `live.server` and `live.fx` inside the tests.
 */
import { afterAll, beforeAll } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from './server'
import { connectSheet, type SheetClient } from './wsClient'

export interface LiveServer {
  server: TestServer
  fx: Fixture
  /** A stock provider on a sheet, destroyed after the file's tests. */
  open(sheetId: string, token: string): SheetClient
  /** Destroy these clients with the others after the file's tests. */
  track(...clients: SheetClient[]): void
}

export function seededServer(): LiveServer {
  const clients: SheetClient[] = []
  const live = {
    track: (...more: SheetClient[]) => void clients.push(...more),
    open(sheetId: string, token: string) {
      const c = connectSheet(live.server.wsUrl, sheetId, token)
      clients.push(c)
      return c
    },
  } as LiveServer
  beforeAll(async () => {
    live.server = await startTestServer()
    live.fx = await seedFixture(live.server)
  })
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await live.server?.stop()
  })
  return live
}
