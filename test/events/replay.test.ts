// The proof of the change log: a client that reads the catalogue in full and then follows /changes
// (re-reading each changed dataset, dropping tombstones) ends with exactly the public catalogue, after a
// seeded random mix of writes made before, during and after its full read.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { seedPublisher } from '../routes/datasets-helpers.js'
import { logSettled } from './settle.js'
import { createRandom } from '../../bench/lib/prng.js'

const SEED = Number(process.env.REPLAY_SEED ?? 20261205)

type Json = Record<string, unknown>

class Writer {
  readonly datasets: string[] = []
  readonly distributions: string[] = []
  #n = 0
  constructor (readonly app: FastifyInstance, readonly random: () => number) {}

  #pick<T> (items: readonly T[]): T | undefined {
    return items[Math.floor(this.random() * items.length)]
  }

  async write (): Promise<void> {
    const app = this.app
    const op = Math.floor(this.random() * 8)
    const slug = this.#pick(this.datasets)
    const dist = this.#pick(this.distributions)
    if (op === 0 || slug === undefined) {
      const status = this.random() < 0.7 ? 'published' : 'draft'
      const res = await app.inject({ method: 'POST', url: '/datasets', headers: ADMIN, payload: { publisher: 'metropole', title: `Jeu ${++this.#n}`, status } })
      this.datasets.push(res.json().slug)
    } else if (op === 1) {
      await app.inject({ method: 'PATCH', url: `/datasets/${slug}`, headers: ADMIN, payload: { description: `Version ${++this.#n}` } })
    } else if (op === 2) {
      await app.inject({ method: 'PATCH', url: `/datasets/${slug}`, headers: ADMIN, payload: { status: this.random() < 0.5 ? 'draft' : 'published' } })
    } else if (op === 3) {
      await app.inject({ method: 'DELETE', url: `/datasets/${slug}`, headers: ADMIN })
      this.datasets.splice(this.datasets.indexOf(slug), 1)
    } else if (op === 4 || op === 5 || dist === undefined) {
      const res = await app.inject({ method: 'POST', url: `/datasets/${slug}/distributions`, headers: ADMIN, payload: { title: `Fichier ${++this.#n}`, downloadUrl: 'https://example.org/f.csv' } })
      if (res.statusCode === 201) this.distributions.push(res.json().id)
    } else if (op === 6) {
      await app.inject({ method: 'PATCH', url: `/distributions/${dist}`, headers: ADMIN, payload: { title: `Fichier ${++this.#n}` } })
    } else {
      await app.inject({ method: 'DELETE', url: `/distributions/${dist}`, headers: ADMIN })
      this.distributions.splice(this.distributions.indexOf(dist), 1)
    }
  }

  async writes (n: number): Promise<void> {
    for (let i = 0; i < n; i++) await this.write()
  }
}

/** The public catalogue as an anonymous client pages through it; `between` runs between two pages. */
async function fullRead (app: FastifyInstance, between: () => Promise<void> = async () => {}): Promise<Map<string, Json>> {
  const catalogue = new Map<string, Json>()
  let url: string | null = '/datasets?limit=7'
  while (url !== null) {
    const page: { items: Json[], next: string | null } = (await app.inject(url)).json()
    for (const item of page.items) catalogue.set(item.id as string, item)
    url = page.next === null ? null : page.next.replace(/^https?:\/\/[^/]+/, '')
    await between()
  }
  return catalogue
}

/** Follows /changes from `next` until a page is empty; returns the next URL to call. */
async function follow (app: FastifyInstance, catalogue: Map<string, Json>, next: string, between: () => Promise<void> = async () => {}): Promise<string> {
  for (;;) {
    await logSettled(app.db)
    const page: { items: Array<{ type: string, id: string, uri: string }>, next: string } = (await app.inject(next.replace(/^https?:\/\/[^/]+/, ''))).json()
    for (const item of page.items) {
      if (!item.type.startsWith('dataset.')) continue
      if (item.type === 'dataset.deleted' || item.type === 'dataset.unpublished') {
        catalogue.delete(item.id)
        continue
      }
      const res = await app.inject(item.uri.replace(/^https?:\/\/[^/]+/, ''))
      if (res.statusCode === 200) catalogue.set(item.id, res.json())
      else catalogue.delete(item.id)
    }
    next = page.next
    if (page.items.length === 0) return next
    await between()
  }
}

const sorted = (catalogue: Map<string, Json>): Json[] => [...catalogue.values()].sort((a, b) => String(a.id).localeCompare(String(b.id)))

t.test(`a follower of /changes ends with exactly the public catalogue (seed ${SEED})`, async t => {
  const app = await buildTestApp(t)
  await seedPublisher(app, 'metropole')
  const writer = new Writer(app, createRandom(SEED).next)
  await writer.writes(30)

  // The cursor first, then the full read: whatever happens in between is replayed (re-reads are idempotent).
  let next: string = (await app.inject('/changes?after=latest')).json().next
  await writer.writes(15)
  const catalogue = await fullRead(app, async () => { await writer.writes(3) })
  await writer.writes(15)
  next = await follow(app, catalogue, next, async () => { await writer.writes(2) })
  const truth = await fullRead(app)
  t.ok(truth.size > 0 && writer.distributions.length > 0, 'the mix left datasets and distributions')
  t.same(sorted(catalogue), sorted(truth))

  // And again after a second round of writes, from where the follower stopped.
  await writer.writes(40)
  await follow(app, catalogue, next)
  t.same(sorted(catalogue), sorted(await fullRead(app)))
})
