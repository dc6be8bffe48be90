// The larger hostile-input run (npm run test:faults): many more requests from the contract through
// inject(), then raw garbage on a real socket (request lines, header names and values, lengths and
// chunking no client would send). Zero 5xx, every answer a problem, the data unchanged, the server alive.
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import t from 'tap'
import { fuzzContract } from '../hostile/contract-run.js'
import { problemFault, rawRequest, snapshot } from '../hostile/support.js'
import { buildTestApp } from '../support/build-app.js'

t.setTimeout(1_800_000)
const seed = Number(process.env.HOSTILE_SEED ?? Date.now() % 1_000_000)
t.comment(`seed ${seed} (HOSTILE_SEED replays it)`)

t.test('the contract, hostile, at length', async t => {
  const figures = await fuzzContract(t, { sweep: Number(process.env.HOSTILE_SWEEP ?? 30), runs: Number(process.env.HOSTILE_RUNS ?? 6000), seed })
  t.comment(`inject: ${figures.requests} requests, ${figures.accepted} writes accepted`)
})

const token = fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}$/)
const bytes = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('\0', '\r', '\n', ' ', '%', '%00', '%E0%A4%A', '\u00ff'))
const target = fc.oneof(
  fc.constantFrom('/', '/datasets', '/datasets/x', '/catalog.ttl', '/publishers', '*', 'http://other/', '/health'),
  fc.tuple(fc.constantFrom('/datasets/', '/publishers/', '/catalog?cursor=', '/datasets?q='), bytes).map(([a, b]) => a + b),
  fc.integer({ min: 1, max: 40_000 }).map(n => `/datasets/${'a'.repeat(n)}`)
)
const header = fc.oneof(
  fc.tuple(token, bytes).map(([name, value]) => `${name}: ${value}`),
  bytes,
  fc.constantFrom('Content-Length: -1', 'Content-Length: 1, 2', 'Content-Length: 99999999999999999999', 'Transfer-Encoding: chunked',
    'Transfer-Encoding: gzip, chunked', 'Content-Type: application/json', 'Content-Type: multipart/form-data; boundary=', 'Expect: 100-continue',
    'Authorization: Bearer \u00ff', 'Host:', 'Upgrade: websocket\r\nConnection: Upgrade', 'Connection: keep-alive, Upgrade\r\nUpgrade: h2c', `X-Big: ${'x'.repeat(17 * 1024)}`)
)
const wire = fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'BREW', 'G\u00c9T'), target,
  fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 extra', ''), fc.array(header, { maxLength: 5 }),
  fc.oneof(fc.constant(''), bytes, fc.constantFrom('zz\r\n{}\r\n0\r\n\r\n', '5\r\n{"a":\r\n0\r\n\r\n', '{"title":"x"}')))
  .map(([method, path, version, headers, body]) => Buffer.from(`${method} ${path} ${version}\r\nHost: 127.0.0.1\r\n${headers.join('\r\n')}${headers.length > 0 ? '\r\n' : ''}\r\n${body}`, 'latin1'))

t.test('garbage on a real socket', async t => {
  const app = await buildTestApp(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const before = await snapshot(app)
  let sent = 0
  let answered = 0
  await fc.assert(fc.asyncProperty(wire, async request => {
    sent++
    // A request whose declared body never comes is waited for, not answered: not a fault.
    const answer = await rawRequest(port, request, 2000)
    if (answer === undefined) return
    answered++
    const fault = problemFault(answer)
    if (fault !== undefined && !(answer.status < 400 || request.subarray(0, 4).toString() === 'HEAD')) {
      throw new Error(`${fault}: ${JSON.stringify(request.toString('latin1').slice(0, 300))} → ${answer.body.slice(0, 200)}`)
    }
  }), { numRuns: Number(process.env.HOSTILE_WIRE_RUNS ?? 1500), seed })
  t.equal(await snapshot(app), before, 'nothing changed')
  const health = await fetch(`http://127.0.0.1:${port}/health`)
  t.equal(health.status, 200, 'still serving')
  t.comment(`wire: ${sent} raw requests, ${answered} answered before the 2 s wait`)
})
