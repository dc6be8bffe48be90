import { once } from 'node:events'
import { utimes, writeFile } from 'node:fs/promises'
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
  t.equal(await text(storage.read(key)), 'hello world')
  t.equal(await text(storage.read(key, { start: 6, end: 10 })), 'world')
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
    t.throws(() => storage.read(key), /Invalid storage key/, JSON.stringify(key))
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

t.test('start-up removes stale temporaries and keeps fresh ones and objects', async t => {
  const dir = await storageDir(t)
  const storage = new LocalStorage(dir)
  await storage.init()
  await storage.commit(await write(storage, 'kept'), 'abcdef012345')
  const stale = path.join(dir, 'tmp', 'crashed-upload.part')
  await writeFile(stale, 'left by a crash')
  const hourAndMinuteAgo = new Date(Date.now() - 61 * 60 * 1000)
  await utimes(stale, hourAndMinuteAgo, hourAndMinuteAgo)
  await writeFile(path.join(dir, 'tmp', 'running-upload.part'), 'still being written by another node')

  const app = Fastify()
  await app.register(storagePlugin, { config: testConfig(dir) })
  await app.ready()
  t.teardown(() => app.close())
  t.same(await storedFiles(dir), ['objects/ab/abcdef012345', 'tmp/running-upload.part'])
  t.ok(app.storage, 'app.storage is decorated')
})
