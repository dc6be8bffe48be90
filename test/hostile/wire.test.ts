// Malformed input only a real socket can carry (issue 12): bad percent-encoding, over-long path
// parameters, oversized headers, broken chunking, and a refused upload on a keep-alive connection.
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { BOUNDARY, MULTIPART, multipart, seed, storageDir, storedFiles } from '../files/helpers.js'
import { problemFault, rawRequest, snapshot, type Answer } from './support.js'

const dir = await storageDir(t)
const app = await buildTestApp(t, { storageDir: dir })
await seed(app)
await app.listen({ port: 0, host: '127.0.0.1' })
const { port } = app.server.address() as AddressInfo

const get = (target: string, headers = ''): string => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`

async function expectProblem (t: Test, request: string, status: number, title: string): Promise<Answer> {
  const res = await rawRequest(port, request)
  t.equal(res.status, status, res.body)
  t.equal(problemFault(res), undefined, 'a well-formed problem')
  t.equal(JSON.parse(res.body).title, title)
  return res
}

t.test('a path with bad percent-encoding is a 400 problem', async t => {
  await expectProblem(t, get('/datasets/%E0%A4%A'), 400, 'Bad Request')
  await expectProblem(t, get('/publishers/%zz/catalog'), 400, 'Bad Request')
})

t.test('an over-long path parameter is a 414 problem titled as such', async t => {
  const res = await expectProblem(t, get(`/datasets/${'a'.repeat(201)}`), 414, 'URI Too Long')
  t.match(JSON.parse(res.body).instance, /^\/datasets\/a+$/)
})

t.test('oversized headers are a 431 problem, and the server goes on serving', async t => {
  const res = await expectProblem(t, get('/health', `X-Big: ${'x'.repeat(20 * 1024)}\r\n`), 431, 'Request Header Fields Too Large')
  t.match(JSON.parse(res.body).instance, /^urn:uuid:/)
  t.equal((await rawRequest(port, get('/health'))).status, 200)
})

t.test('broken chunking and garbage request lines are 400 problems, and change nothing', async t => {
  const before = await snapshot(app)
  await expectProblem(t, `POST /datasets HTTP/1.1\r\nHost: x\r\nAuthorization: ${ADMIN.authorization}\r\n` +
    'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{"title":"x"}\r\n0\r\n\r\n', 400, 'Bad Request')
  await expectProblem(t, 'NOT HTTP AT ALL\r\n\r\n', 400, 'Bad Request')
  await expectProblem(t, get('/health', 'Bad Header Name: x\r\n'), 400, 'Bad Request')
  t.equal(await snapshot(app), before)
})

t.test('CONNECT, which Node hands past Fastify, is a 405 problem rather than a dropped connection', async t => {
  await expectProblem(t, 'CONNECT / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 405, 'Method Not Allowed')
  await expectProblem(t, 'CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n', 405, 'Method Not Allowed')
})

/** One request on a keep-alive agent; resolves with the answer and whether the socket was reused. */
async function send (agent: http.Agent, options: http.RequestOptions, body?: Buffer): Promise<Answer & { reused: boolean }> {
  return await new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, agent, ...options, signal: AbortSignal.timeout(20_000) }, res => {
      const chunks: Buffer[] = []
      res.on('data', chunk => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString(), reused: req.reusedSocket }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

t.test('an upload refused on a field before a large file leaves its keep-alive connection usable', async t => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  t.teardown(() => agent.destroy())
  const form = multipart(['nonsense', 'x'], { filename: 'big.csv', content: Buffer.alloc(512 * 1024, 'a') })
  for (const round of [1, 2]) {
    const refused = await send(agent, {
      method: 'POST', path: '/datasets/city-data/distributions', headers: { ...ADMIN, 'content-type': MULTIPART, 'content-length': form.length }
    }, form)
    t.equal(refused.status, 400, `round ${round}: ${refused.body}`)
    t.equal(problemFault(refused), undefined)
    // Without the drain the server stopped reading this body and the next request waited ~73 s.
    const next = await send(agent, { method: 'GET', path: '/health' })
    t.equal(next.status, 200)
    t.ok(next.reused, 'on the same connection')
  }
  t.same(await storedFiles(dir), [], 'nothing stored')
})

t.test('a refused upload whose body runs on past the form limit loses its connection rather than being read forever', async t => {
  const socket = net.connect(port, '127.0.0.1')
  const received: Buffer[] = []
  socket.on('data', chunk => received.push(chunk))
  const closed = new Promise<void>(resolve => socket.on('close', () => resolve()))
  socket.on('error', () => {})
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="nonsense"\r\n\r\nx\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="endless.bin"\r\n\r\n`
  socket.write(`POST /datasets/city-data/distributions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${ADMIN.authorization}\r\n` +
    `Content-Type: ${MULTIPART}\r\nTransfer-Encoding: chunked\r\n\r\n${head.length.toString(16)}\r\n${head}\r\n`)
  const chunk = Buffer.alloc(64 * 1024, 'z')
  let sent = 0
  // The limit is the largest accepted form: 10 MiB of file (the test config) plus 2 MiB of fields.
  while (!socket.destroyed && sent < 40 * 1024 * 1024) {
    const flushed = socket.write(`${chunk.length.toString(16)}\r\n`) && socket.write(chunk) && socket.write('\r\n')
    sent += chunk.length
    if (!flushed) await new Promise(resolve => { socket.once('drain', resolve); socket.once('close', resolve) })
  }
  await closed
  t.ok(sent < 40 * 1024 * 1024, `the server closed the connection after ${Math.round(sent / 1024 / 1024)} MiB`)
  t.match(Buffer.concat(received).toString(), /^HTTP\/1\.1 400 /, 'after answering 400')
})
