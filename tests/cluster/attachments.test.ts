// 佐证材料 in a cluster (SPEC §10): the bytes live in PostgreSQL, one store every node reads — a
// photo uploaded through one node is served by the other, the same content uploaded through
// both is kept once, and an item edited on one node gives read access on the other.
import { createHash } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, type Fixture } from '../helpers/server'
import { photo, seedRectificationFixture, upload } from '../helpers/rectification'
import { startCluster, type Cluster } from './cluster'

let cluster: Cluster
let fx: Fixture

beforeAll(async () => {
  cluster = await startCluster(2)
  fx = await seedFixture(cluster.nodes[0]!)
})
afterAll(async () => {
  await cluster?.stop()
})

describe('attachments shared by every node', () => {
  it('uploaded on one node, served by the other; the same content kept once', async () => {
    const [a, b] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]]
    const bytes = photo(31, 32)
    const id = createHash('sha256').update(bytes).digest('hex')
    const up = await upload(a, fx.tokens.filler, bytes)
    expect(up.status).toBe(201)
    expect(up.body.id).toBe(id)
    const res = await fetch(`${b.url}/api/attachments/${id}`, {
      headers: { authorization: `Bearer ${fx.tokens.filler}` },
    })
    expect(res.status).toBe(200)
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
    expect((await upload(b, fx.tokens.lead, bytes)).body.id).toBe(id)

    const client = new pg.Client({ connectionString: cluster.db.url })
    await client.connect()
    try {
      const { rows } = await client.query(
        'SELECT count(*)::int AS n FROM attachment_data WHERE id = $1',
        [id],
      )
      expect(rows[0].n).toBe(1)
    } finally {
      await client.end()
    }
  })

  it('an item edited through one node lets its readers see the photo through the other', async () => {
    const [a, b] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]]
    const rx = await seedRectificationFixture(a, fx)
    await a.api('POST', '/api/rectifications/generate', rx.tokens.teamLead, { sheetId: rx.scoring })
    const list = await b.api('GET', `/api/rectifications?unit=${fx.units.gridA1}`, fx.tokens.filler)
    const item = list.body.items.find((i: { rowId: string }) => i.rowId === 'a1')
    const up = await upload(b, fx.tokens.filler, photo(32))
    await a.api('PATCH', `/api/rectifications/${item.id}`, fx.tokens.filler, {
      evidence: [up.body.id],
    })
    const seen = await fetch(`${b.url}/api/attachments/${up.body.id}`, {
      headers: { authorization: `Bearer ${fx.tokens.consolidator}` },
    })
    expect(seen.status).toBe(200)
    const outsider = await fetch(`${a.url}/api/attachments/${up.body.id}`, {
      headers: { authorization: `Bearer ${rx.tokens.gridB1Filler}` },
    })
    expect(outsider.status).toBe(404)
  })
})
