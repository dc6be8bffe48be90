// What every storage adapter promises (src/storage/storage.ts), run against each of them: the local
// folder (local.test.ts) and an S3-compatible bucket (s3.test.ts).
import { createHash, randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Test } from 'tap'
import type { Storage, TempObject } from '../../src/storage/storage.js'

export interface Backing {
  /** A new adapter (a new node) on the same folder or bucket, initialised. */
  node: () => Promise<Storage>
  /** Stored data left: committed objects and temporaries, not leases or markers. */
  data: () => Promise<string[]>
}

const MIB = 1024 * 1024
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')
const newKey = (): string => randomUUID()

/** `size` bytes that differ from one MiB to the next, produced a chunk at a time. */
function bytes (size: number): Buffer {
  const buffer = Buffer.alloc(size)
  for (let i = 0; i < size; i += 4) buffer.writeUInt32LE(Math.imul(i, 2654435761) >>> 0, Math.min(i, size - 4))
  return buffer
}

async function write (storage: Storage, content: Buffer): Promise<TempObject> {
  const temp = await storage.createTemp()
  // 64 KiB chunks, as an HTTP body arrives.
  async function * chunks (): AsyncGenerator<Buffer> {
    for (let i = 0; i < content.length; i += 64 * 1024) yield content.subarray(i, i + 64 * 1024)
  }
  await pipeline(Readable.from(chunks()), temp.stream)
  return temp
}

async function readAll (storage: Storage, key: string, range?: { start: number, end: number }): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of await storage.read(key, range)) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export function storageContract (t: Test, backing: Backing): void {
  t.test('a written and committed object reads back whole and by range, then is deleted', async t => {
    const storage = await backing.node()
    const temp = await write(storage, Buffer.from('hello world'))
    const key = newKey()
    t.equal(await storage.stat(key), null, 'invisible before commit')
    await storage.commit(temp, key)
    t.same(await storage.stat(key), { size: 11 })
    t.equal((await readAll(storage, key)).toString(), 'hello world')
    t.equal((await readAll(storage, key, { start: 6, end: 10 })).toString(), 'world')
    t.equal((await readAll(storage, key, { start: 0, end: 0 })).toString(), 'h')
    t.same(await backing.data(), [await only(backing)], 'the temporary is gone once committed')
    await storage.delete(key)
    await storage.delete(key)
    t.equal(await storage.stat(key), null)
    t.same(await backing.data(), [])
    await t.rejects(storage.read(key), { name: 'FastifyError', message: /not found/ } as unknown as Error, 'a missing object is a 404 before any byte')
  })

  t.test('an empty file is stored too', async t => {
    const storage = await backing.node()
    const key = newKey()
    await storage.commit(await write(storage, Buffer.alloc(0)), key)
    t.same(await storage.stat(key), { size: 0 })
    t.equal((await readAll(storage, key)).length, 0)
    await storage.delete(key)
  })

  t.test('a file of several parts streams in and out with its bytes intact', async t => {
    const storage = await backing.node()
    const content = bytes(12 * MIB + 12_345)
    const key = newKey()
    await storage.commit(await write(storage, content), key)
    t.same(await storage.stat(key), { size: content.length })
    t.equal(sha256(await readAll(storage, key)), sha256(content))
    const start = 5 * MIB - 10
    t.equal(sha256(await readAll(storage, key, { start, end: start + MIB })), sha256(content.subarray(start, start + MIB + 1)), 'a range across parts')
    await storage.delete(key)
    t.same(await backing.data(), [])
  })

  t.test('a temporary discarded mid-write, or after, leaves nothing', async t => {
    const storage = await backing.node()
    const open = await storage.createTemp()
    // More than one part, so that an object store has a multipart upload under way.
    for (let i = 0; i < 7; i++) open.stream.write(bytes(MIB))
    await storage.discard(open)
    await storage.discard(open)
    const done = await write(storage, Buffer.from('done'))
    await storage.discard(done)
    await storage.discard(done)
    t.same(await backing.data(), [])
  })

  t.test('a temporary still being written cannot be committed', async t => {
    const storage = await backing.node()
    const temp = await storage.createTemp()
    temp.stream.write('partial')
    await t.rejects(storage.commit(temp, newKey()), /still being written/)
    await storage.discard(temp)
    t.same(await backing.data(), [])
  })

  t.test('keys are checked: nothing reaches the store under a client-made name', async t => {
    const storage = await backing.node()
    for (const key of ['../etc/passwd', 'a/b', '', 'UPPERCASE-KEY', 'short']) {
      await t.rejects(storage.read(key), /Invalid storage key/, JSON.stringify(key))
      await t.rejects(storage.stat(key), /Invalid storage key/)
      await t.rejects(storage.delete(key), /Invalid storage key/)
    }
    const temp = await write(storage, Buffer.from('x'))
    await t.rejects(storage.commit(temp, '../escape-attempt'), /Invalid storage key/)
    await storage.discard(temp)
  })

  t.test('temporaries of a node that is gone are removed, a live node\'s are kept', async t => {
    const storage = await backing.node()
    // On one host, a node's process is what proves it alive (local.ts): the live node is this one.
    const live = storage
    const gone = await backing.node()
    const kept = await write(live, Buffer.from('live upload'))
    await write(gone, Buffer.from('abandoned upload'))
    await gone.releaseLease()
    t.equal(await storage.removeOrphanTemporaries(), 1)
    t.equal((await backing.data()).length, 1, 'the live node\'s temporary stays')
    await live.commit(kept, newKey())
    t.equal(await storage.removeOrphanTemporaries(), 0)
    await storage.removeOrphanObjects(async () => new Set())
    t.equal((await backing.data()).length, 1, 'a live node\'s object being placed stays')
    await storage.releaseLease()
    const other = await backing.node()
    await other.removeOrphanObjects(async () => new Set())
    t.same(await backing.data(), [], 'then goes with its node')
  })

  t.test('orphan objects go, unless a row uses them or a live node is placing them', async t => {
    const storage = await backing.node()
    const gone = await backing.node()
    const [used, orphan, placing] = [newKey(), newKey(), newKey()]
    await gone.commit(await write(gone, Buffer.from('used')), used)
    await gone.commit(await write(gone, Buffer.from('orphan')), orphan)
    await gone.releaseLease()
    // This live node's marker protects its object until its row commits.
    await storage.commit(await write(storage, Buffer.from('placing')), placing)
    const asked: string[] = []
    const removed = await storage.removeOrphanObjects(async keys => {
      asked.push(...keys)
      return new Set(keys.filter(key => key === used))
    })
    t.equal(removed, 1)
    t.same(asked.sort(), [used, orphan, placing].sort(), 'every stored key is checked against the rows')
    t.same(await storage.stat(orphan), null)
    t.same(await storage.stat(used), { size: 4 })
    t.same(await storage.stat(placing), { size: 7 })
    t.equal(await storage.removeOrphanObjects(async keys => new Set(keys)), 0, 'nothing to do when every key is used')
    await storage.delete(used)
    await storage.delete(placing)
  })
}

/** The single stored name, whatever the adapter calls it. */
async function only (backing: Backing): Promise<string> {
  const names = await backing.data()
  return names.length === 1 ? names[0] ?? '' : `expected one object, found ${names.length}`
}
