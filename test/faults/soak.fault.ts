// A bounded soak on loopback (autocannon, fixed duration) mixing reads, searches, feed pages, writes and
// uploads: no error response, and the heap after a full collection back to its level after warm-up.
import autocannon from 'autocannon'
import t from 'tap'
import { ensureBuilt, startServer, type ServerProcess } from '../support/server-process.js'
import { faultEnv } from '../support/fault-env.js'
import { ADMIN, PUBLISHER, createDataset, createPublisher, json } from '../support/fault-client.js'
import { MULTIPART, multipart } from '../files/helpers.js'

const WARM_UP_S = 5
const SOAK_S = 20
const CONNECTIONS = 8
/**
 * Heap growth allowed over the soak, after full collections: the dataset body cache may fill (it is
 * bounded at 16 MiB, routes/datasets/read.ts) and V8 keeps compiled code and inline caches for paths first
 * taken during the soak; anything growing with the request count (a leak) exceeds it over
 * thousands of requests.
 */
type Result = Awaited<ReturnType<typeof autocannon>>

const HEAP_TOLERANCE_BYTES = 24 * 1024 * 1024

/** Loaded into the server only in this test: on SIGWINCH (a signal close-with-grace leaves alone), a full collection, then the memory figures. */
const MEMORY_PROBE = 'data:text/javascript,' + encodeURIComponent(
  "process.on('SIGWINCH', () => { globalThis.gc(); globalThis.gc(); console.log(JSON.stringify({ memoryProbe: process.memoryUsage() })) })")

async function memory (server: ServerProcess): Promise<NodeJS.MemoryUsage> {
  const seen = server.logs.length
  server.child.kill('SIGWINCH')
  for (let i = 0; i < 100; i++) {
    const line = server.logs.slice(seen).find(l => l.includes('"memoryProbe"'))
    if (line !== undefined) return (JSON.parse(line) as { memoryProbe: NodeJS.MemoryUsage }).memoryProbe
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error('no memory figures from the server')
}

ensureBuilt()
const { database, env } = await faultEnv(t)

t.test(`soak on the ${database} database`, async t => {
  const server = await startServer(env, ['--expose-gc', `--import=${MEMORY_PROBE}`])
  t.teardown(() => { if (server.alive()) server.child.kill('SIGKILL') })
  await createPublisher(server.url)
  const ids: string[] = []
  for (let i = 0; i < 20; i++) ids.push(json<{ id: string }>(await createDataset(server.url, `Mobilité et transport ${i}`)).id)
  const upload = multipart(['title', 'soak'], { filename: 'soak.csv', content: 'a,b\n1,2\n'.repeat(400), contentType: 'text/csv' })
  let n = 0
  const run = async (seconds: number): Promise<Result> => await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{
      setupRequest: request => {
        const i = n++
        const id = ids[i % ids.length]!
        switch (i % 10) {
          case 0: case 1: case 2: return { ...request, method: 'GET', path: `/datasets/${id}` }
          case 3: case 4: return { ...request, method: 'GET', path: `/datasets?q=${i % 2 === 0 ? 'mobilite' : 'transports'}&facets=theme,keyword&publisher=${PUBLISHER}` }
          case 5: case 6: return { ...request, method: 'GET', path: '/catalog.ttl?page_size=20' }
          case 7: case 8: return {
            ...request,
            method: 'PUT',
            path: `/datasets/soak-${process.pid}-${i}`,
            headers: { ...ADMIN, 'content-type': 'application/json' },
            body: JSON.stringify({ publisher: PUBLISHER, title: `Soak ${i}`, status: 'published' })
          }
          default: return { ...request, method: 'POST', path: `/datasets/${id}/distributions`, headers: { ...ADMIN, 'content-type': MULTIPART }, body: upload.toString('utf8') }
        }
      }
    }]
  })
  const warm = await run(WARM_UP_S)
  const before = await memory(server)
  const soak = await run(SOAK_S)
  const after = await memory(server)
  const problems = soak.non2xx + soak.errors + soak.timeouts + warm.non2xx + warm.errors + warm.timeouts
  t.equal(soak.non2xx, 0, 'no error response')
  t.equal(soak.errors + soak.timeouts, 0, 'no connection error or timeout')
  t.equal(warm.non2xx + warm.errors + warm.timeouts, 0, 'none during the warm-up either')
  const growth = after.heapUsed - before.heapUsed
  t.ok(growth < HEAP_TOLERANCE_BYTES, `heap after GC back to its level (grew ${(growth / 2 ** 20).toFixed(1)} MiB, tolerance ${HEAP_TOLERANCE_BYTES / 2 ** 20} MiB)`)
  t.ok(server.alive(), 'the process is alive')
  const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`
  t.comment(`figures: ${database}; ${soak.requests.total} requests in ${SOAK_S} s over ${CONNECTIONS} connections after ${warm.requests.total} warm-up requests ` +
    `(30% reads, 20% searches with facets, 20% feed pages, 20% creates, 10% uploads); errors ${problems}; ` +
    `latency p50 ${soak.latency.p50} ms, p90 ${soak.latency.p90} ms, p99 ${soak.latency.p99} ms; ${Math.round(soak.requests.average)} req/s; ` +
    `heap after GC ${mib(before.heapUsed)} → ${mib(after.heapUsed)}, RSS ${mib(before.rss)} → ${mib(after.rss)}`)
})
