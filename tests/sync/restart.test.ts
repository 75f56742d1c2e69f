/**
 * @module tests/sync/restart
 * Durability of the real server (SPEC §6.3 "an update is on disk before it is relayed"):
 * a graceful restart and a `kill -9` in the middle of a stream of edits. Every edit another
 * client had RECEIVED before the kill is on disk even if its sender never comes back;
 * every edit a client SENT is present once the clients have resynced; nothing is doubled.
 */
import { insertRow, readRows, type Row } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import { seededServer } from '../helpers/seededServer'
import { waitFor } from '../helpers/wsClient'

const live = seededServer()
const open = live.open

const rowsOnServer = async (sheetId: string): Promise<Row[]> =>
  (await live.server.api('GET', `/api/sheets/${sheetId}/rows`, live.fx.tokens.admin)).body.rows

const names = (rows: Row[]): string[] => rows.map((r) => String(r.name)).sort()

describe('restarting the real server', () => {
  it('keeps everything after a graceful restart and the clients carry on', async () => {
    const sheet = live.fx.sheets.sheetA2
    const a = open(sheet, live.fx.tokens.consolidator)
    await a.synced
    for (let i = 0; i < 20; i++) insertRow(a.doc, { name: `平稳${i}` })
    await waitFor(async () => (await rowsOnServer(sheet)).length === 20, { what: 'stored' })
    await live.server.restart()
    expect(names(await rowsOnServer(sheet))).toEqual(names(readRows(a.doc)))
    await waitFor(() => a.provider.synced, { what: 'a resynced', timeoutMs: 10_000 })
    insertRow(a.doc, { name: '重启之后' })
    await waitFor(async () => (await rowsOnServer(sheet)).length === 21, {
      what: 'new edit stored',
    })
  })

  it('kill -9 mid-stream: what was relayed is on disk; after resync every sent edit, once', async () => {
    const sheet = live.fx.sheets.sheetA1
    const writer = open(sheet, live.fx.tokens.filler)
    const sender = open(sheet, live.fx.tokens.lead)
    const watcher = open(sheet, live.fx.tokens.admin)
    await Promise.all([writer.synced, sender.synced, watcher.synced])

    // a steady stream of edits from two clients, killed in the middle
    let stop = false
    let sent = 0
    const stream = (async () => {
      while (!stop) {
        insertRow(writer.doc, { name: `甲${sent}` })
        insertRow(sender.doc, { name: `乙${sent}` })
        sent++
        await new Promise((r) => setTimeout(r, 3))
      }
    })()
    await waitFor(() => readRows(watcher.doc).length >= 100, {
      what: 'stream flowing',
      timeoutMs: 10_000,
    })
    await live.server.kill('SIGKILL')
    stop = true
    await stream
    // what the watcher had received when the server died must be on disk: relayed ⇒ stored
    const seenBeforeKill = names(readRows(watcher.doc))
    // nobody may refill the server before we look: only its disk counts here. The sender
    // never comes back at all.
    for (const c of [writer, sender, watcher]) c.provider.disconnect()
    const senderSent = readRows(sender.doc).filter((r) => String(r.name).startsWith('乙')).length

    await live.server.restart()
    const afterRestart = names(await rowsOnServer(sheet))
    for (const name of seenBeforeKill) expect(afterRestart).toContain(name)

    // the writer and the watcher resync and fill any gap they can
    writer.provider.connect()
    watcher.provider.connect()
    await waitFor(() => writer.provider.synced && watcher.provider.synced, {
      what: 'clients resynced',
      timeoutMs: 15_000,
    })
    await waitFor(
      async () =>
        (await rowsOnServer(sheet)).filter((r) => String(r.name).startsWith('甲')).length === sent,
      { what: 'every edit of the writer stored', timeoutMs: 10_000 },
    )
    const final = await rowsOnServer(sheet)
    // exact: no row twice, nothing invented
    expect(new Set(final.map((r) => r.id)).size).toBe(final.length)
    expect(new Set(final.map((r) => r.name)).size).toBe(final.length)
    const fromSender = final.filter((r) => String(r.name).startsWith('乙')).length
    expect(fromSender).toBeLessThanOrEqual(senderSent)
    expect(final.length).toBe(sent + fromSender)
    await waitFor(() => readRows(watcher.doc).length === final.length, {
      what: 'watcher converged',
    })
    expect(readRows(watcher.doc)).toEqual(final)
  })
})
