// A webhook receiver on loopback for the webhook tests, and a Standard Webhooks 1.0 verifier written here
// from the spec (not the service's signer): HMAC-SHA256 of `id.timestamp.body` with the base64 key after
// `whsec_`, any of the space-separated `v1,` signatures, compared in constant time, 5 minutes' tolerance.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'

export const TOLERANCE_SECONDS = 300

export function verifySignature (secret: string, headers: IncomingHttpHeaders, body: string, nowSeconds = Date.now() / 1000): boolean {
  const id = headers['webhook-id']
  const timestamp = headers['webhook-timestamp']
  const signatures = headers['webhook-signature']
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) return false
  if (!secret.startsWith('whsec_')) return false
  const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${id}.${timestamp}.${body}`).digest()
  return signatures.split(' ').some(signature => {
    const [version, value] = signature.split(',')
    if (version !== 'v1' || value === undefined) return false
    const given = Buffer.from(value, 'base64')
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
}

export interface Received {
  path: string
  headers: IncomingHttpHeaders
  body: string
  /** The status the receiver wrote back; undefined while it holds the answer (or never wrote it). */
  answered?: number
  /** The connection it came on is gone (answered, or cut by the sender). */
  closed?: boolean
}

interface Answer { status: number, headers?: Record<string, string>, body?: string }

/** What a path answers: a status (and headers), by default 204; a promise holds the answer until it settles. */
export type Responder = (request: Received, count: number) => Answer | Promise<Answer>

export interface Receiver {
  url: (path: string) => string
  received: Received[]
  on: (path: string, responder: Responder) => void
  at: (path: string) => Received[]
}

export async function startReceiver (t: Test): Promise<Receiver> {
  const received: Received[] = []
  const responders = new Map<string, Responder>()
  const server = createServer((req, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', chunk => chunks.push(chunk))
    req.on('end', async () => {
      const request: Received = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      received.push(request)
      res.on('close', () => { request.closed = true })
      const count = received.filter(r => r.path === request.path).length
      const answer = await responders.get(request.path)?.(request, count) ?? { status: 204 }
      // A sender that went away while the answer was held never gets it.
      if (res.destroyed) return
      request.answered = answer.status
      res.writeHead(answer.status, answer.headers)
      res.end(answer.body)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>(resolve => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  const { port } = server.address() as AddressInfo
  return {
    url: path => `http://127.0.0.1:${port}${path}`,
    received,
    on: (path, responder) => { responders.set(path, responder) },
    at: path => received.filter(r => r.path === path)
  }
}

/** Waits for a condition, checked every 20 ms; throws after `ms` (a bound, not a timing assertion). */
export async function until (condition: () => Promise<boolean> | boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}
