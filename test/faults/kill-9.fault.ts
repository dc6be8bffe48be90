// kill -9 in the middle of creates and uploads, then a restart on the same database and storage:
// every acknowledged write is there, no distribution row lacks its file, no file lacks its row, and
// start-up leaves no temporary behind.
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { ensureBuilt, killHard, startServer } from '../support/server-process.js'
import { faultEnv } from '../support/fault-env.js'
import { ADMIN, checkCatalogue, createDataset, createPublisher, fileContent, json, sha256, slowUpload, storageFiles, upload, call } from '../support/fault-client.js'

ensureBuilt()
const { database, env, storageDir } = await faultEnv(t)

t.test(`kill -9 mid-writes on the ${database} database`, async t => {
  const server = await startServer(env)
  t.teardown(() => { if (server.alive()) server.child.kill('SIGKILL') })
  await createPublisher(server.url)
  const slowTarget = json<{ id: string }>(await createDataset(server.url, 'Receives slow uploads')).id

  const datasets = new Map<string, string>()
  const files = new Map<string, { datasetId: string, sha256: string }>()
  let attempts = 0
  const state = { killed: false }
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; !state.killed; i++) {
      attempts++
      const title = `kill-9 ${w}-${i}`
      const created = await createDataset(server.url, title)
      if (created.status !== 201) continue
      const id = json<{ id: string }>(created).id
      datasets.set(id, title)
      const content = fileContent(title, 20_000 + 7919 * i)
      attempts++
      const uploaded = await upload(server.url, id, content, title)
      if (uploaded.status === 201) files.set(json<{ id: string }>(uploaded).id, { datasetId: id, sha256: sha256(content) })
    }
  }
  const slow = Array.from({ length: 2 }, () => slowUpload(server.url, slowTarget, 8 * 1024 * 1024))
  const workers = Promise.all(Array.from({ length: 4 }, (_, w) => worker(w)))
  await sleep(3000)
  await killHard(server)
  state.killed = true
  await workers
  for (const s of slow) s.stop()
  const leftByKill = await storageFiles(storageDir)

  const again = await startServer(env)
  t.teardown(() => { if (again.alive()) again.child.kill('SIGKILL') })
  const afterStart = await storageFiles(storageDir)
  const check = await checkCatalogue(again.url)

  t.ok(datasets.size > 0 && files.size > 0, `writes were acknowledged before the kill (${datasets.size} datasets, ${files.size} files)`)
  const missingDatasets = [...datasets].filter(([id]) => !check.datasetIds.has(id))
  t.same(missingDatasets, [], 'every acknowledged dataset is present')
  for (const [id, title] of datasets) {
    const res = await call(again.url, `/datasets/${id}`, { headers: ADMIN })
    if (res.status !== 200 || json<{ title: string }>(res).title !== title) t.fail(`dataset ${id} differs after restart: ${res.status}`)
  }
  const missingFiles = [...files].filter(([id, f]) => check.files.get(id)?.sha256 !== f.sha256)
  t.same(missingFiles, [], 'every acknowledged upload is present with its checksum')
  t.same(check.brokenFiles, [], 'no distribution row without its file (every file downloads with its size and sha256)')
  t.equal(afterStart.objects.length, check.distributions, 'no file without its row (as many stored files as file distributions)')
  t.same(afterStart.temporaries, [], 'no temporary left after start-up')
  const sweptFiles = again.logs.map(l => /"removed":(\d+).*no distribution refers to/.exec(l)?.[1]).find(n => n !== undefined) ?? '0'
  t.comment(`figures: ${database}; ${attempts} writes tried (creates and uploads) + ${slow.length} slow uploads, 1 kill -9 after 3 s; ` +
    `acknowledged ${datasets.size} datasets and ${files.size} uploads, all present (lost ${missingDatasets.length + missingFiles.length}); ` +
    `after restart ${check.datasets} datasets, ${check.distributions} file distributions, ${check.filesVerified} files verified by sha256; ` +
    `left by the kill: ${leftByKill.temporaries.length} temporaries and ${leftByKill.objects.length - afterStart.objects.length} orphan files (start-up removed ${sweptFiles}), after start-up: ${afterStart.temporaries.length}; ` +
    `unacknowledged but committed: ${check.distributions - [...check.files.keys()].filter(id => files.has(id)).length} uploads`)
})
