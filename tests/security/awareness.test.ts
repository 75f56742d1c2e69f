/**
 * @module tests/security/awareness
 * Presence cannot be spoofed over sync: awareness entries are keyed by a Yjs client id anyone
 * can write, so a filler once overwrote the lead's presence by sending the lead's client id
 * with a higher clock. Now a client id belongs to the user who introduced it (nobody else
 * changes or removes that state), and the `user` of every relayed state is the sender's own
 * from its session — id, display name, and the server's colour, never a "colour" that is
 * really CSS.
 */
import { presenceColor, type PresenceUser } from '@taizhang/schema'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { connectSheet, waitFor, type SheetClient } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture
const clients: SheetClient[] = []
beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server?.stop()
})

const open = async (token: string) => {
  const client = connectSheet(server.wsUrl, fx.sheets.sheetA1, token)
  clients.push(client)
  await client.synced
  return client
}

/** A y-websocket awareness frame with the given entries, as a hostile client writes it. */
function awarenessFrame(entries: { clientId: number; clock: number; state: unknown }[]) {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, entries.length)
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(update, clientId)
    encoding.writeVarUint(update, clock)
    encoding.writeVarString(update, JSON.stringify(state))
  }
  const frame = encoding.createEncoder()
  encoding.writeVarUint(frame, 1) // messageAwareness
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update))
  return encoding.toUint8Array(frame)
}

type Presence = { user: PresenceUser; cursor: unknown }

describe('awareness client ids and users', () => {
  it('keeps the lead’s presence the lead’s, and names every sender by its session', async () => {
    const lead = await open(fx.tokens.lead)
    lead.provider.awareness.setLocalState({
      user: { id: fx.users.lead, name: '组长老李', color: '#1976d2' },
      cursor: { rowId: 'row-of-the-lead', colId: 'name' },
    })
    const observer = await open(fx.tokens.reviewer)
    const leadId = lead.doc.clientID
    const seen = () => observer.provider.awareness.getStates() as Map<number, Presence>
    await waitFor(() => seen().get(leadId) !== undefined, { what: 'the lead’s presence' })

    const filler = await open(fx.tokens.filler)
    const clock = lead.provider.awareness.meta.get(leadId)!.clock
    const forgedCursor = { rowId: 'forged-row', colId: 'name' }
    const fillerOwnId = 424242
    filler.provider.ws!.send(
      awarenessFrame([
        // the lead's client id, a newer clock: would replace the lead's state
        {
          clientId: leadId,
          clock: clock + 10,
          state: { user: { id: fx.users.lead, name: '组长老李' }, cursor: forgedCursor },
        },
      ]),
    )
    // …or remove it
    filler.provider.ws!.send(awarenessFrame([{ clientId: leadId, clock: clock + 20, state: null }]))
    // its own id, claiming to be the lead, with CSS for a colour
    filler.provider.ws!.send(
      awarenessFrame([
        {
          clientId: fillerOwnId,
          clock: 1,
          state: {
            user: {
              id: fx.users.lead,
              name: '组长老李',
              color: 'red; background-image: url(https://evil.example/x)',
            },
            cursor: { rowId: 'row-of-the-filler', colId: 'name' },
          },
        },
      ]),
    )
    // frames are handled in order: once the last one arrived, the first two were judged
    await waitFor(() => seen().get(fillerOwnId) !== undefined, { what: 'the filler’s presence' })

    const leadState = seen().get(leadId)!
    expect(leadState.cursor).toEqual({ rowId: 'row-of-the-lead', colId: 'name' })
    expect(leadState.user.id).toBe(fx.users.lead)
    // the lead's own client saw nothing either
    expect(lead.provider.awareness.getStates().get(leadId)).toBeDefined()

    const fillerState = seen().get(fillerOwnId)!
    expect(fillerState.user).toEqual({
      id: fx.users.filler,
      name: '填报员小王',
      color: presenceColor(fx.users.filler),
    })
    expect(fillerState.cursor).toEqual({ rowId: 'row-of-the-filler', colId: 'name' })
    // the relayed lead state carries the server's colour and name too
    expect(leadState.user).toEqual({
      id: fx.users.lead,
      name: '组长老李',
      color: presenceColor(fx.users.lead),
    })
  })

  it('lets one connection control only a few client ids', async () => {
    const observer = await open(fx.tokens.reviewer)
    const flooder = await open(fx.tokens.filler)
    const base = 900_000
    flooder.provider.ws!.send(
      awarenessFrame(
        Array.from({ length: 100 }, (_, i) => ({
          clientId: base + i,
          clock: 1,
          state: { cursor: null },
        })),
      ),
    )
    const marker = 999_999
    const fresh = await open(fx.tokens.filler)
    fresh.provider.ws!.send(awarenessFrame([{ clientId: marker, clock: 1, state: {} }]))
    await waitFor(() => observer.provider.awareness.getStates().has(marker), { what: 'marker' })
    const flooded = [...observer.provider.awareness.getStates().keys()].filter(
      (id) => id >= base && id < base + 100,
    )
    expect(flooded.length).toBeGreaterThan(0)
    expect(flooded.length).toBeLessThanOrEqual(8)
  })
})
