// guardedFetch against real servers on loopback: refused at connection time by name (no byte reaches the
// server), followed redirects re-checked and bounded, credentials dropped across origins.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { guardedFetch, MAX_REDIRECTS } from '../../src/outbound/fetch.js'
import { OutboundRefusedError } from '../../src/outbound/policy.js'

type Handler = (request: IncomingMessage, respond: (status: number, headers?: Record<string, string>, body?: string) => void) => void

async function serve (t: Test, handler: Handler): Promise<{ port: number, requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = []
  const server: Server = createServer((request, response) => {
    requests.push(request)
    handler(request, (status, headers = {}, body = '') => { response.writeHead(status, headers).end(body) })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>(resolve => server.close(() => resolve())))
  return { port: (server.address() as AddressInfo).port, requests }
}

t.test('a loopback server is refused by IP and by name, before any request reaches it', async t => {
  const { port, requests } = await serve(t, (_request, respond) => respond(200, {}, 'secret'))
  const fetch = guardedFetch({ allowPrivate: false })
  t.teardown(() => fetch.close())
  await t.rejects(fetch(`http://127.0.0.1:${port}/`), OutboundRefusedError)
  await t.rejects(fetch(`http://2130706433:${port}/`), OutboundRefusedError)
  // `localhost` is a name: it is refused when the connection resolves it, as a rebinding name would be.
  await t.rejects(fetch(`http://localhost:${port}/`), { name: 'OutboundRefusedError', message: /localhost resolves to .*loopback/ })
  await t.rejects(fetch(new URL(`http://[::ffff:127.0.0.1]:${port}/`)), OutboundRefusedError)
  await t.rejects(fetch('http://name-that-does-not-exist.invalid/'), { message: 'fetch failed' }, 'DNS failures pass through')
  await t.rejects(fetch(new Request(`http://127.0.0.1:${port}/`)), TypeError, 'a Request would hide its URL from the checks')
  t.equal(requests.length, 0, 'the server saw no request')
})

t.test('with OUTBOUND_ALLOW_PRIVATE the same server answers', async t => {
  const { port } = await serve(t, (_request, respond) => respond(200, { 'content-type': 'text/plain' }, 'hello'))
  const fetch = guardedFetch({ allowPrivate: true })
  t.teardown(() => fetch.close())
  const response = await fetch(`http://localhost:${port}/`)
  t.equal(response.status, 200)
  t.equal(await response.text(), 'hello')
})

t.test('redirects are followed, re-checked, bounded, and drop credentials across origins', async t => {
  const other = await serve(t, (request, respond) => respond(200, {}, `auth=${request.headers.authorization ?? 'none'}`))
  const { port } = await serve(t, (request, respond) => {
    const hop = Number(new URL(request.url!, 'http://x').searchParams.get('hop') ?? 0)
    if (request.url!.startsWith('/loop')) return respond(302, { location: `/loop?hop=${hop + 1}` })
    if (request.url === '/to-file') return respond(301, { location: 'file:///etc/passwd' })
    if (request.url === '/to-other') return respond(307, { location: `http://localhost:${other.port}/landing` })
    if (request.url === '/same') return respond(303, { location: '/final' })
    respond(200, {}, `auth=${request.headers.authorization ?? 'none'} method=${request.method}`)
  })
  const fetch = guardedFetch({ allowPrivate: true })
  t.teardown(() => fetch.close())
  const auth = { authorization: 'Bearer source-token' }

  await t.rejects(fetch(`http://127.0.0.1:${port}/loop`), { message: new RegExp(`redirects more than ${MAX_REDIRECTS} times`) })
  await t.rejects(fetch(`http://127.0.0.1:${port}/to-file`), { name: 'OutboundRefusedError', message: /file: URLs are not fetched/ })
  t.equal(await (await fetch(`http://127.0.0.1:${port}/same`, { headers: auth, method: 'POST', body: 'x' })).text(), 'auth=Bearer source-token method=GET')
  t.equal(await (await fetch(`http://127.0.0.1:${port}/to-other`, { headers: auth })).text(), 'auth=none', 'no token for another origin')
  const manual = await fetch(`http://127.0.0.1:${port}/same`, { redirect: 'manual' })
  t.equal(manual.status, 303, 'redirect: manual hands the 3xx to the caller')
})
