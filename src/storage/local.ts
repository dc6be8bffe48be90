// Storage in a local (or shared network) folder: temporaries in <root>/tmp, committed objects in
// <root>/objects/<first two characters of the key>/<key>, one lease per running node in <root>/leases,
// and in <root>/placing a marker for each file a node is moving into objects/ while its row commits.
// Paths come only from server-made ids.
import { randomBytes, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { once } from 'node:events'
import os from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { NotFoundError } from '../errors.js'
import { assertKey, KEY_PATTERN, type ByteRange, type Storage, type StoredObject, type TempObject } from './storage.js'

const TEMP_SUFFIX = '.part'
/** `placing/<instance>.<key>`: node `instance` is moving a file to `key` and committing its row. */
const PLACING = /^([0-9a-f]{16})\.(.+)$/
/** A node's own placing markers outlive any transaction by far, then go (the row is committed or not). */
export const PLACING_MARKER_MS = 10 * 60 * 1000
/** `<instance>.<uuid>`: the node that writes a temporary is in its name. */
const TEMP_ID = /^([0-9a-f]{16})\.[0-9a-f-]{36}$/
/** A node renews its lease this often… */
export const LEASE_RENEW_MS = 10_000
/** …and one not renewed for this long belongs to a node that is gone. */
export const LEASE_EXPIRY_MS = 3 * LEASE_RENEW_MS
/** Temporaries named by no node (an older version's) are removed once untouched this long. */
export const UNOWNED_TEMPORARY_MS = 60 * 60 * 1000

interface Lease { host: string, pid: number }

/** Whether process `pid` of this host still runs (EPERM: it runs, as another user). */
function processRuns (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export class LocalStorage implements Storage {
  readonly #tmp: string
  readonly #objects: string
  readonly #leases: string
  readonly #placing: string
  /** This process's id among the nodes sharing the folder: new at each start. */
  readonly instance: string

  constructor (root: string, instance: string = randomBytes(8).toString('hex')) {
    this.#tmp = path.join(root, 'tmp')
    this.#objects = path.join(root, 'objects')
    this.#leases = path.join(root, 'leases')
    this.#placing = path.join(root, 'placing')
    this.instance = instance
  }

  async init (): Promise<void> {
    await mkdir(this.#tmp, { recursive: true })
    await mkdir(this.#objects, { recursive: true })
    await mkdir(this.#leases, { recursive: true })
    await mkdir(this.#placing, { recursive: true })
    await this.#writeLease()
  }

  async #writeLease (): Promise<void> {
    const lease: Lease = { host: os.hostname(), pid: process.pid }
    await writeFile(this.#leasePath(this.instance), JSON.stringify(lease))
  }

  #leasePath (instance: string): string {
    return path.join(this.#leases, `${instance}.json`)
  }

  /** Proves this node alive to the others; call every LEASE_RENEW_MS. */
  async renewLease (): Promise<void> {
    const now = new Date()
    // Rewritten if another node removed it (this one stalled past the expiry): from now on it counts again.
    await utimes(this.#leasePath(this.instance), now, now).catch(async () => { await this.#writeLease() })
  }

  /** On a clean stop: this node's temporaries (none should be left) become anyone's to remove. */
  async releaseLease (): Promise<void> {
    await rm(this.#leasePath(this.instance), { force: true })
  }

  /**
   * Whether node `instance` may still be writing its temporaries. Nodes share the folder (SPEC §7), so
   * a node never judges by a temporary's age (a slow upload is old and alive) but by its writer's
   * lease: alive while renewed; on this host, dead as soon as its process is gone, or when its pid is
   * ours (a restarted container reuses pids), so a restart after kill -9 clears its leftovers at once.
   */
  async #alive (instance: string, now: number): Promise<boolean> {
    if (instance === this.instance) return true
    const file = this.#leasePath(instance)
    const [info, text] = await Promise.all([stat(file).catch(() => null), readFile(file, 'utf8').catch(() => null)])
    if (info === null || text === null || now - info.mtimeMs > LEASE_EXPIRY_MS) return false
    let lease: Partial<Lease>
    try {
      lease = JSON.parse(text) as Partial<Lease>
    } catch {
      return false
    }
    if (lease.host !== os.hostname()) return true
    return typeof lease.pid === 'number' && lease.pid !== process.pid && processRuns(lease.pid)
  }

  #objectPath (key: string): string {
    assertKey(key)
    return path.join(this.#objects, key.slice(0, 2), key)
  }

  #tempPath (temp: TempObject): string {
    if (!TEMP_ID.test(temp.id)) throw new Error(`Invalid temporary id ${JSON.stringify(temp.id)}`)
    return path.join(this.#tmp, temp.id + TEMP_SUFFIX)
  }

  async createTemp (): Promise<TempObject> {
    const id = `${this.instance}.${randomUUID()}`
    const stream = createWriteStream(path.join(this.#tmp, id + TEMP_SUFFIX), { flags: 'wx' })
    await once(stream, 'open')
    return { id, stream }
  }

  async commit (temp: TempObject, key: string): Promise<void> {
    const target = this.#objectPath(key)
    if (!temp.stream.writableFinished) throw new Error('commit() of a temporary object still being written')
    await mkdir(path.dirname(target), { recursive: true })
    // Written first, so that no other node's orphan sweep takes the object for one before its row commits.
    await writeFile(path.join(this.#placing, `${this.instance}.${key}`), '')
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

  async read (key: string, range?: ByteRange): Promise<Readable> {
    const stream = createReadStream(this.#objectPath(key), range ?? {})
    try {
      await once(stream, 'open')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('Stored file', key)
      throw err
    }
    return stream
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

  async removeOrphanTemporaries (): Promise<number> {
    const now = Date.now()
    const verdicts = new Map<string, Promise<boolean>>()
    let removed = 0
    for (const name of await readdir(this.#tmp)) {
      const file = path.join(this.#tmp, name)
      const owner = TEMP_ID.exec(name.slice(0, -TEMP_SUFFIX.length))?.[1]
      if (owner !== undefined && name.endsWith(TEMP_SUFFIX)) {
        if (await this.#verdict(verdicts, owner, now)) continue
      } else {
        const info = await stat(file).catch(() => null)
        if (info === null || now - info.mtimeMs < UNOWNED_TEMPORARY_MS) continue
      }
      await rm(file, { force: true })
      removed++
    }
    // Placing markers are kept while their node lives and may still be committing.
    for (const name of await readdir(this.#placing)) {
      const file = path.join(this.#placing, name)
      const placer = PLACING.exec(name)?.[1] ?? ''
      if (placer === this.instance) {
        const info = await stat(file).catch(() => null)
        if (info !== null && now - info.mtimeMs > PLACING_MARKER_MS) await rm(file, { force: true })
      } else if (!(await this.#verdict(verdicts, placer, now))) await rm(file, { force: true })
    }
    // Leases of nodes that are gone (their temporaries removed above) would otherwise pile up.
    for (const name of await readdir(this.#leases)) {
      const instance = name.replace(/\.json$/, '')
      if (!(await this.#verdict(verdicts, instance, now))) await rm(path.join(this.#leases, name), { force: true })
    }
    return removed
  }

  async #verdict (verdicts: Map<string, Promise<boolean>>, instance: string, now: number): Promise<boolean> {
    let verdict = verdicts.get(instance)
    if (verdict === undefined) verdicts.set(instance, verdict = this.#alive(instance, now))
    return await verdict
  }

  async removeOrphanObjects (referenced: (keys: string[]) => Promise<Set<string>>): Promise<number> {
    const keys: string[] = []
    for (const entry of await readdir(this.#objects, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) keys.push(entry.name)
    }
    const unreferenced: string[] = []
    for (let i = 0; i < keys.length; i += 500) {
      const batch = keys.slice(i, i + 500)
      const used = await referenced(batch)
      unreferenced.push(...batch.filter(key => !used.has(key)))
    }
    if (unreferenced.length === 0) return 0
    // Read after the rows: a key placed and committed meanwhile is either referenced above or still marked here.
    const now = Date.now()
    const verdicts = new Map<string, Promise<boolean>>()
    const placing = new Set<string>()
    for (const name of await readdir(this.#placing)) {
      const [, placer, key] = PLACING.exec(name) ?? []
      if (placer !== undefined && key !== undefined && await this.#verdict(verdicts, placer, now)) placing.add(key)
    }
    let removed = 0
    for (const key of unreferenced) {
      if (placing.has(key) || !KEY_PATTERN.test(key)) continue
      await this.delete(key)
      removed++
    }
    return removed
  }
}
