import { once } from 'node:events'
import { readdir, rename, rm, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { text } from 'node:stream/consumers'
import Fastify from 'fastify'
import t from 'tap'
import storagePlugin from '../../src/plugins/storage.js'
import { LocalStorage } from '../../src/storage/local.js'
import { testConfig } from '../support/build-app.js'
import { storageDir, storedFiles } from './helpers.js'

async function write (storage: LocalStorage, content: string) {
  const temp = await storage.createTemp()
  temp.stream.end(content)
  await once(temp.stream, 'finish')
  return temp
}

t.test('temporaries become objects only when committed', async t => {
  const dir = await storageDir(t)
  const storage = new LocalStorage(dir)
  await storage.init()
  const temp = await write(storage, 'hello world')
  t.same(await storedFiles(dir), [`tmp/${temp.id}.part`])
  const key = '0123abcd-key'
  t.equal(await storage.stat(key), null)
  await storage.commit(temp, key)
  t.same(await storedFiles(dir), [`objects/01/${key}`])
  t.same(await storage.stat(key), { size: 11 })
  t.equal(await text(await storage.read(key)), 'hello world')
  t.equal(await text(await storage.read(key, { start: 6, end: 10 })), 'world')
  await storage.delete(key)
  await storage.delete(key)
  t.same(await storedFiles(dir), [])
})

t.test('a discarded temporary leaves nothing, even mid-write', async t => {
  const dir = await storageDir(t)
  const storage = new LocalStorage(dir)
  await storage.init()
  const open = await storage.createTemp()
  open.stream.write('partial')
  await storage.discard(open)
  const done = await write(storage, 'done')
  await storage.discard(done)
  await storage.discard(done)
  t.same(await storedFiles(dir), [])
})

t.test('keys that are not server-made never reach the file system', async t => {
  const storage = new LocalStorage(await storageDir(t))
  await storage.init()
  for (const key of ['../../etc/passwd', 'ABCDEFGHIJ', 'short', 'a/b/c/d/e/f', '']) {
    await t.rejects(storage.read(key), /Invalid storage key/, JSON.stringify(key))
    await t.rejects(storage.delete(key), /Invalid storage key/)
  }
  const temp = await write(storage, 'x')
  await t.rejects(storage.commit(temp, '../escape-attempt'), /Invalid storage key/)
})

t.test('commit refuses a temporary still being written', async t => {
  const storage = new LocalStorage(await storageDir(t))
  await storage.init()
  const temp = await storage.createTemp()
  temp.stream.write('half')
  await t.rejects(storage.commit(temp, 'abcdef012345'), /still being written/)
  await storage.discard(temp)
})

t.test('start-up removes the temporaries of stopped nodes, never a live node\'s', async t => {
  const dir = await storageDir(t)
  const live = new LocalStorage(dir)
  await live.init()
  await live.commit(await write(live, 'kept'), 'abcdef012345')
  const running = await live.createTemp()
  running.stream.write('a slow upload, untouched for two hours')
  const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000)
  await utimes(path.join(dir, 'tmp', `${running.id}.part`), twoHoursAgo, twoHoursAgo)
  // Its node runs on this host as another process (the parent of this one stands in for it).
  await writeFile(path.join(dir, 'leases', `${live.instance}.json`), JSON.stringify({ host: os.hostname(), pid: process.ppid }))

  // A node of this host killed with -9: its lease is fresh but its process is gone.
  const killed = new LocalStorage(dir, 'a'.repeat(16))
  await killed.init()
  const left = await write(killed, 'left by a kill -9')
  await writeFile(path.join(dir, 'leases', `${killed.instance}.json`), JSON.stringify({ host: os.hostname(), pid: 2 ** 22 + 1 }))
  // A node of another host that renews its lease: alive, whatever the age of its temporary.
  const remote = new LocalStorage(dir, 'b'.repeat(16))
  await remote.init()
  const remoteTemp = await write(remote, 'another host is uploading this')
  await writeFile(path.join(dir, 'leases', `${remote.instance}.json`), JSON.stringify({ host: 'other-host', pid: 1 }))
  // A node of another host that stopped renewing: gone.
  const silent = new LocalStorage(dir, 'c'.repeat(16))
  await silent.init()
  const silentTemp = await write(silent, 'abandoned')
  await writeFile(path.join(dir, 'leases', `${silent.instance}.json`), JSON.stringify({ host: 'other-host', pid: 1 }))
  await utimes(path.join(dir, 'leases', `${silent.instance}.json`), twoHoursAgo, twoHoursAgo)
  // Temporaries named by no node: removed only when old.
  await writeFile(path.join(dir, 'tmp', 'old-version-upload.part'), 'x')
  await utimes(path.join(dir, 'tmp', 'old-version-upload.part'), twoHoursAgo, twoHoursAgo)
  await writeFile(path.join(dir, 'tmp', 'recent-unnamed.part'), 'x')

  const app = Fastify()
  await app.register(storagePlugin, { config: testConfig(dir) })
  await app.ready()
  t.same(await storedFiles(dir), [
    'objects/ab/abcdef012345',
    'tmp/recent-unnamed.part',
    `tmp/${remoteTemp.id}.part`,
    `tmp/${running.id}.part`
  ].sort(), `kept: objects, live nodes' temporaries; removed: ${left.id}, ${silentTemp.id}, the old unnamed one`)
  t.same((await readdir(path.join(dir, 'leases'))).sort(),
    [`${live.instance}.json`, `${remote.instance}.json`, `${(app.storage as LocalStorage).instance}.json`].sort(),
    'the leases of gone nodes are removed too')
  await app.close()
  t.notOk((await readdir(path.join(dir, 'leases'))).includes(`${(app.storage as LocalStorage).instance}.json`), 'a clean stop releases the lease')
  await live.discard(running)
})

t.test('a lease removed while its node stalled is written again on renewal', async t => {
  const dir = await storageDir(t)
  const storage = new LocalStorage(dir)
  await storage.init()
  await rm(path.join(dir, 'leases', `${storage.instance}.json`))
  await storage.renewLease()
  t.same(await readdir(path.join(dir, 'leases')), [`${storage.instance}.json`])
  await storage.renewLease()
  await storage.releaseLease()
  t.same(await readdir(path.join(dir, 'leases')), [])
})

t.test('orphan objects go, unless a row uses them or a live node is placing them', async t => {
  const dir = await storageDir(t)
  const storage = new LocalStorage(dir)
  await storage.init()
  for (const key of ['used-0000001', 'orphan-000001', 'placing-00001', 'deadplace-001']) await storage.commit(await write(storage, key), key)
  // Another live node on another host placed one; a node killed on this host placed another.
  await writeFile(path.join(dir, 'leases', `${'d'.repeat(16)}.json`), JSON.stringify({ host: 'other-host', pid: 1 }))
  await rename(path.join(dir, 'placing', `${storage.instance}.placing-00001`), path.join(dir, 'placing', `${'d'.repeat(16)}.placing-00001`))
  await writeFile(path.join(dir, 'leases', `${'e'.repeat(16)}.json`), JSON.stringify({ host: os.hostname(), pid: 2 ** 22 + 1 }))
  await rename(path.join(dir, 'placing', `${storage.instance}.deadplace-001`), path.join(dir, 'placing', `${'e'.repeat(16)}.deadplace-001`))
  // This node's own markers of settled files do not protect them.
  await rm(path.join(dir, 'placing', `${storage.instance}.orphan-000001`))
  const asked: string[][] = []
  const removed = await storage.removeOrphanObjects(async keys => { asked.push(keys); return new Set(keys.filter(k => k.startsWith('used'))) })
  t.equal(removed, 2)
  t.same(asked.flat().sort(), ['deadplace-001', 'orphan-000001', 'placing-00001', 'used-0000001'])
  t.same(await storedFiles(dir), ['objects/pl/placing-00001', 'objects/us/used-0000001'])
  t.equal(await storage.removeOrphanObjects(async keys => new Set(keys)), 0, 'nothing to do when every key is used')
  // The sweep of temporaries drops the dead node's marker and keeps the live ones.
  await storage.removeOrphanTemporaries()
  t.same((await readdir(path.join(dir, 'placing'))).sort(), [`${'d'.repeat(16)}.placing-00001`, `${storage.instance}.used-0000001`].sort())
})
