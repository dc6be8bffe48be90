// Storage in a local (or shared network) folder: temporaries in <root>/tmp, committed objects in
// <root>/objects/<first two characters of the key>/<key>. Paths come only from server-made ids.
import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { once } from 'node:events'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { assertKey, type ByteRange, type Storage, type StoredObject, type TempObject } from './storage.js'

const TEMP_SUFFIX = '.part'

export class LocalStorage implements Storage {
  readonly #tmp: string
  readonly #objects: string

  constructor (root: string) {
    this.#tmp = path.join(root, 'tmp')
    this.#objects = path.join(root, 'objects')
  }

  async init (): Promise<void> {
    await mkdir(this.#tmp, { recursive: true })
    await mkdir(this.#objects, { recursive: true })
  }

  #objectPath (key: string): string {
    assertKey(key)
    return path.join(this.#objects, key.slice(0, 2), key)
  }

  #tempPath (temp: TempObject): string {
    assertKey(temp.id)
    return path.join(this.#tmp, temp.id + TEMP_SUFFIX)
  }

  async createTemp (): Promise<TempObject> {
    const id = randomUUID()
    const stream = createWriteStream(path.join(this.#tmp, id + TEMP_SUFFIX), { flags: 'wx' })
    await once(stream, 'open')
    return { id, stream }
  }

  async commit (temp: TempObject, key: string): Promise<void> {
    const target = this.#objectPath(key)
    if (!temp.stream.writableFinished) throw new Error('commit() of a temporary object still being written')
    await mkdir(path.dirname(target), { recursive: true })
    await rename(this.#tempPath(temp), target)
  }

  async discard (temp: TempObject): Promise<void> {
    if (!temp.stream.destroyed) {
      // Pending writes fail once destroyed: that is the point, not an error to report.
      temp.stream.on('error', () => {})
      const closed = new Promise(resolve => temp.stream.once('close', resolve))
      temp.stream.destroy()
      await closed
    }
    await rm(this.#tempPath(temp), { force: true })
  }

  read (key: string, range?: ByteRange): Readable {
    return createReadStream(this.#objectPath(key), range ?? {})
  }

  async stat (key: string): Promise<StoredObject | null> {
    try {
      const info = await stat(this.#objectPath(key))
      return { size: info.size }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
  }

  async delete (key: string): Promise<void> {
    await rm(this.#objectPath(key), { force: true })
  }

  async removeStaleTemporaries (olderThanMs: number): Promise<number> {
    const limit = Date.now() - olderThanMs
    let removed = 0
    for (const name of await readdir(this.#tmp)) {
      const file = path.join(this.#tmp, name)
      const info = await stat(file).catch(() => null)
      if (info === null || info.mtimeMs > limit) continue
      await rm(file, { force: true })
      removed++
    }
    return removed
  }
}
