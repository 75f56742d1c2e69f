// Changing a user's roles (revoking a role closes their connections too): an admin grants
// and revokes; the user's open sync connections are closed at once, and a reconnect is
// judged by the new roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { connectSheet } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture
beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
})
afterAll(() => server?.stop())

describe('grants', () => {
  it('revoking a role closes the live connection and the next one is refused', async () => {
    const client = connectSheet(server.wsUrl, fx.sheets.sheetA1, fx.tokens.filler)
    await client.synced
    const revoke = await server.api(
      'POST',
      `/api/users/${fx.users.filler}/grants/revoke`,
      fx.tokens.admin,
      { grants: [{ unitId: fx.units.gridA1, role: 'filler' }] },
    )
    expect(revoke.status).toBe(200)
    expect(revoke.body.grants).toEqual([])
    expect((await client.closed).code).toBe(4403)
    client.destroy()

    const again = connectSheet(server.wsUrl, fx.sheets.sheetA1, fx.tokens.filler)
    expect((await again.closed).code).toBe(4403)
    again.destroy()
    const rows = await server.api('GET', `/api/sheets/${fx.sheets.sheetA1}/rows`, fx.tokens.filler)
    expect(rows.status).toBe(403)

    const grant = await server.api(
      'POST',
      `/api/users/${fx.users.filler}/grants`,
      fx.tokens.admin,
      {
        grants: [{ unitId: fx.units.gridA1, role: 'filler' }],
      },
    )
    expect(grant.status).toBe(200)
    const back = await server.api('GET', `/api/sheets/${fx.sheets.sheetA1}/rows`, fx.tokens.filler)
    expect(back.status).toBe(200)
  })

  it('only an admin of the unit may change roles', async () => {
    const byLead = await server.api(
      'POST',
      `/api/users/${fx.users.filler}/grants`,
      fx.tokens.lead,
      {
        grants: [{ unitId: fx.units.gridA1, role: 'lead' }],
      },
    )
    expect(byLead.status).toBe(403)
    // the township admin may not grant at the other township
    const outside = await server.api(
      'POST',
      `/api/users/${fx.users.filler}/grants`,
      fx.tokens.unitAdmin,
      { grants: [{ unitId: fx.units.gridB1, role: 'filler' }] },
    )
    expect(outside.status).toBe(403)
    const unknown = await server.api('POST', `/api/users/nobody/grants`, fx.tokens.admin, {
      grants: [{ unitId: fx.units.gridA1, role: 'filler' }],
    })
    expect(unknown.status).toBe(404)
    const bad = await server.api('POST', `/api/users/${fx.users.filler}/grants`, fx.tokens.admin, {
      grants: [{ unitId: fx.units.gridA1, role: 'king' }],
    })
    expect(bad.status).toBe(400)
  })
})
