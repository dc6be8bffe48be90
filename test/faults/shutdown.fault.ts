// SIGTERM while requests and uploads are in flight: short requests finish, new connections are
// refused, uploads being received are cut and leave nothing, and the process exits 0 within the grace.
import { setTimeout as sleep } from 'node:timers/promises'
import http from 'node:http'
import t from 'tap'
import { ensureBuilt, startServer } from '../support/server-process.js'
import { faultEnv } from '../support/fault-env.js'
import { ADMIN, PUBLISHER, call, checkCatalogue, createDataset, createPublisher, json, slowUpload, storageFiles } from '../support/fault-client.js'

const GRACE_MS = 6000

ensureBuilt()
const { database, env, storageDir } = await faultEnv(t, { SHUTDOWN_GRACE_MS: String(GRACE_MS) })

t.test(`SIGTERM mid-traffic on the ${database} database`, async t => {
  const server = await startServer(env)
  t.teardown(() => { if (server.alive()) server.child.kill('SIGKILL') })
  await createPublisher(server.url)
  const target = json<{ id: string }>(await createDataset(server.url, 'Receives the cut uploads'))

  // Uploads that would take minutes, each well started.
  const uploads = Array.from({ length: 3 }, () => slowUpload(server.url, target.id, 20 * 1024 * 1024))
  // Short requests whose JSON body is still arriving when the signal comes: they must complete.
  const pending = Array.from({ length: 5 }, (_, i) => halfSentCreate(server.url, `Finished after SIGTERM ${i}`))
  while (uploads.some(u => u.sent() < 256 * 1024)) await sleep(20)
  await sleep(100)

  const signalled = performance.now()
  server.child.kill('SIGTERM')
  // The creates still wait for their bodies, so the process cannot have exited: a refusal is the drain's.
  const attempts = []
  for (let i = 0; i < 100; i++) {
    attempts.push(await call(server.url, '/health', { fresh: true, timeoutMs: 2000 }))
    if (attempts.at(-1)!.error === 'ECONNREFUSED') break
    await sleep(50)
  }
  const refusedWhileAlive = server.alive()
  for (const p of pending) p.finish()
  const [created, cut, exit] = await Promise.all([
    Promise.all(pending.map(p => p.outcome)),
    Promise.all(uploads.map(u => u.outcome)),
    server.exited
  ])
  const exitMs = performance.now() - signalled
  for (const u of uploads) u.stop()

  t.equal(exit.code, 0, 'exit code 0')
  t.ok(exitMs < GRACE_MS, `exited within the grace period (${Math.round(exitMs)} ms < ${GRACE_MS} ms)`)
  t.equal(attempts.at(-1)!.error, 'ECONNREFUSED', `new connections are refused while in-flight requests finish (after ${attempts.length - 1} earlier attempts: ${attempts.slice(0, -1).map(a => a.error ?? a.status).join(', ') || 'none'})`)
  t.ok(refusedWhileAlive, 'the refusing process was still draining')
  t.same(created.map(r => r.status), created.map(() => 201), 'creates whose body was still arriving completed')
  t.ok(cut.every(u => u.status !== 201), `no cut upload was acknowledged (${cut.map(u => u.status || u.error).join(', ')})`)
  t.notOk(server.logs.some(l => /killed by timeout|second error/.test(l)), 'no forced exit')

  const files = await storageFiles(storageDir)
  t.same(files.temporaries, [], 'the cut uploads left no temporary')
  t.same(files.objects, [], 'and no file')

  const again = await startServer(env)
  t.teardown(() => { if (again.alive()) again.child.kill('SIGKILL') })
  const check = await checkCatalogue(again.url)
  const titles = new Set<string>()
  for (const id of check.datasetIds) titles.add(json<{ title: string }>(await call(again.url, `/datasets/${id}`, { headers: ADMIN })).title)
  t.equal(check.distributions, 0, 'the cut uploads left no distribution row')
  t.ok(created.every((_, i) => titles.has(`Finished after SIGTERM ${i}`)), 'every acknowledged create is there after restart')
  again.child.kill('SIGTERM')
  t.equal((await again.exited).code, 0, 'an idle server stops with 0 too')
  t.comment(`figures: ${database}; in flight at SIGTERM: ${uploads.length} uploads of 20 MiB (cut after ${cut.map(u => Math.round(u.ms)).join('/')} ms), ` +
    `${pending.length} half-sent creates (completed ${created.filter(r => r.status === 201).length}); ` +
    `exit ${exit.code} after ${Math.round(exitMs)} ms (grace ${GRACE_MS} ms); left behind: ${files.temporaries.length} temporaries, ${files.objects.length} files, ${check.distributions} rows`)
})

/** A POST /datasets whose headers and half its body are sent now, the rest on finish(). */
function halfSentCreate (base: string, title: string): { outcome: Promise<{ status: number }>, finish: () => void } {
  const body = Buffer.from(JSON.stringify({ publisher: PUBLISHER, title, status: 'published' }))
  const req = http.request(new URL('/datasets', base), {
    method: 'POST',
    agent: false,
    headers: { ...ADMIN, 'content-type': 'application/json', 'content-length': String(body.length) }
  })
  const outcome = new Promise<{ status: number }>(resolve => {
    req.on('response', res => { res.resume(); res.on('end', () => resolve({ status: res.statusCode ?? 0 })) })
    req.on('error', () => resolve({ status: 0 }))
  })
  req.write(body.subarray(0, 10))
  return { outcome, finish: () => { req.end(body.subarray(10)) } }
}
