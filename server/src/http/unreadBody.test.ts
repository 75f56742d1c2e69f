// A body the handler never read: drained before the answer when it is small enough, so the
// kept-alive connection stays usable even when the event loop stalls right after the answer
// (without the drain, the request after the stall failed with "socket hang up" in 2 of 3
// runs); a chunked body that runs past the limit closes the connection.
import { request, Agent } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drainUnreadBody } from './unreadBody'

const LIMIT = 2 * 1024 * 1024
let server: ServerType
let port: number
let connections = 0

beforeAll(async () => {
  const app = new Hono()
    .use('*', drainUnreadBody({ drainLimit: LIMIT }))
    .post('/refused', (c) => c.json({ error: { code: 'unauthorized', message: '请先登录' } }, 401))
    .post('/read', async (c) => c.json({ bytes: (await c.req.text()).length }))
    .get('/ok', (c) => c.json({ ok: true }))
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  server.on('connection', () => connections++)
  await new Promise((resolve) => server.once('listening', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

interface Answer {
  status: number
  connection: string | undefined
  body: string
}

function send(agent: Agent, method: string, path: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode!, connection: res.headers.connection, body: text }),
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Blocks this process's event loop (client and server alike) like a loaded machine does. */
function stall(ms: number): void {
  const until = Date.now() + ms
  while (Date.now() < until) {
    /* busy */
  }
}

describe('a request body nobody read', () => {
  it('is drained before a refusal, so the next request on the connection works after a stall', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const before = connections
    const refused = await send(agent, 'POST', '/refused', 'x'.repeat(LIMIT))
    expect(refused.status).toBe(401)
    expect(refused.connection).toBe('keep-alive')
    // @hono/node-server gives an unread body 500 ms, then destroys the socket
    stall(700)
    await new Promise((resolve) => setImmediate(resolve))
    const next = await send(agent, 'GET', '/ok')
    expect(next.status).toBe(200)
    expect(connections - before).toBe(1)
    agent.destroy()
  })

  it('closes the connection after a chunked body runs past the limit, leaves read bodies alone', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const big = await new Promise<Answer>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', path: '/refused', agent },
        (res) => {
          res.resume()
          res.on('end', () =>
            resolve({ status: res.statusCode!, connection: res.headers.connection, body: '' }),
          )
        },
      )
      req.on('error', reject)
      req.setHeader('transfer-encoding', 'chunked')
      req.write('x'.repeat(LIMIT))
      req.end('x')
    })
    expect(big.status).toBe(401)
    expect(big.connection).toBe('close')
    const read = await send(agent, 'POST', '/read', 'x'.repeat(LIMIT * 2))
    expect(JSON.parse(read.body)).toEqual({ bytes: LIMIT * 2 })
    expect(read.connection).toBe('keep-alive')
    agent.destroy()
  })
})
