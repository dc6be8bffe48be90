// A harvester walks ListRecords to its end while a writer creates, edits, unpublishes, republishes and
// deletes datasets. Every dataset published throughout the walk is served exactly once with metadata;
// no identifier is served twice; drafts never appear; and a walk after the writer stops gives exactly
// the catalogue: live records for the published datasets, deleted ones for those that left the public.
import t, { type Test } from 'tap'
import { sql } from 'kysely'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { seedPublisher } from '../routes/datasets-helpers.js'
import { errorCode, headers, metadataOf, oai, resumptionToken, schemaErrors, type HeaderInfo } from './support.js'
import { createRandom } from '../../bench/lib/prng.js'

const SEED = Number(process.env.OAI_WALK_SEED ?? 20261206)
const DATASETS = 300
const PAGE = 25

const app = await buildTestApp(t, { oaiPageSize: PAGE })
await seedPublisher(app, 'metropole')
// Seeded in one statement: datasets published before the log existed, as after an upgrade.
await sql`INSERT INTO datasets (slug, publisher_id, title, status)
  SELECT 'jeu-' || i, 'metropole', 'Jeu ' || i, 'published' FROM generate_series(1, ${DATASETS}) AS i`.execute(app.db)
const initial = (await app.db.selectFrom('datasets').select('id').orderBy('seq').execute()).map(row => row.id)
const oaiId = (id: string): string => `oai:data.example.org:${id}`

/** Writes through the API (so the change log records them) until stopped, and remembers what it did. */
class Writer {
  readonly touched = new Set<string>()
  readonly drafts = new Set<string>()
  readonly created = new Set<string>()
  writes = 0
  stopped = false
  #waiters: Array<() => void> = []
  readonly #random = createRandom(SEED).next

  /** Resolves once the writer has made another write. */
  async next (): Promise<void> {
    await new Promise<void>(resolve => this.#waiters.push(resolve))
  }

  async run (): Promise<void> {
    while (!this.stopped) {
      await this.#write()
      this.writes++
      for (const resolve of this.#waiters.splice(0)) resolve()
    }
  }

  async #write (): Promise<void> {
    const random = this.#random
    const target = initial[Math.floor(random() * initial.length)]!
    const op = Math.floor(random() * 6)
    if (op === 0) {
      const res = await app.inject({ method: 'POST', url: '/datasets', headers: ADMIN, payload: { publisher: 'metropole', title: `Nouveau ${this.writes}`, status: 'published' } })
      this.created.add(res.json().id)
    } else if (op === 1) {
      const res = await app.inject({ method: 'POST', url: '/datasets', headers: ADMIN, payload: { publisher: 'metropole', title: `Brouillon ${this.writes}`, status: 'draft' } })
      this.drafts.add(res.json().id)
    } else if (op === 2) {
      this.touched.add(target)
      await app.inject({ method: 'PATCH', url: `/datasets/${target}`, headers: ADMIN, payload: { status: random() < 0.6 ? 'draft' : 'published' } })
    } else if (op === 3) {
      this.touched.add(target)
      await app.inject({ method: 'DELETE', url: `/datasets/${target}`, headers: ADMIN })
    } else {
      // Edits keep a dataset in the public: it must still be served exactly once.
      await app.inject({ method: 'PATCH', url: `/datasets/${target}`, headers: ADMIN, payload: { description: `Version ${this.writes}` } })
    }
  }
}

/** Walks ListRecords to the empty token; before each next page, waits for the writer to have written. */
async function walk (t: Test, prefix: string, writer: Writer | null): Promise<{ headers: HeaderInfo[], pages: string[], records: number }> {
  const pages: string[] = []
  const all: HeaderInfo[] = []
  let records = 0
  let query = `verb=ListRecords&metadataPrefix=${prefix}`
  for (;;) {
    const res = await oai(app, query)
    if (errorCode(res.body) !== null) throw new Error(res.body)
    pages.push(res.body)
    const page = headers(res.body)
    t.equal(resumptionToken(res.body)?.cursor ?? 0, all.length, 'the cursor counts the records served before')
    all.push(...page)
    records += metadataOf(res.body).length
    const token = resumptionToken(res.body)
    if (token === null || token.value === '') return { headers: all, pages, records }
    t.ok(token.completeListSize !== null && token.completeListSize >= all.length, 'completeListSize on every token')
    if (writer !== null) await writer.next()
    // piveau repeats the prefix beside the token.
    query = `verb=ListRecords&metadataPrefix=${prefix}&resumptionToken=${token.value}`
  }
}

t.test('a walk under concurrent writes serves every published dataset exactly once', async t => {
  const writer = new Writer()
  const writing = writer.run()
  const result = await walk(t, 'dcat_ap', writer).finally(() => { writer.stopped = true })
  await writing
  t.ok(writer.writes >= result.pages.length - 1, `the writer wrote between every two pages (${writer.writes} writes, ${result.pages.length} pages)`)

  const counts = new Map<string, number>()
  for (const header of result.headers) counts.set(header.identifier, (counts.get(header.identifier) ?? 0) + 1)
  t.same([...counts].filter(([, n]) => n > 1), [], 'no identifier twice')
  const live = new Set(result.headers.filter(h => !h.deleted).map(h => h.identifier))
  const stable = initial.filter(id => !writer.touched.has(id))
  t.ok(stable.length > DATASETS / 2)
  t.same(stable.filter(id => !live.has(oaiId(id))), [], 'every dataset published throughout is served, with metadata')
  t.equal(result.records, live.size, 'each live record carries its metadata')
  t.same([...writer.drafts].filter(id => counts.has(oaiId(id))), [], 'no draft appears')
  const final = resumptionToken(result.pages.at(-1)!)
  t.equal(final?.value, '', 'the list ends on an empty token')
  t.ok(final?.completeListSize, 'which carries completeListSize')
  t.same(await schemaErrors([result.pages[0]!, result.pages.at(-1)!]), [])

  // Quiet now: a second walk is exactly the catalogue.
  const after = await walk(t, 'oai_dc', null)
  const published = (await app.db.selectFrom('datasets').select('id').where('status', '=', 'published').where('deleted_at', 'is', null).execute()).map(r => oaiId(r.id))
  t.same(after.headers.filter(h => !h.deleted).map(h => h.identifier).sort(), published.sort(), 'live records: the published datasets')
  const leftPublic = [...writer.touched].filter(id => !published.includes(oaiId(id))).map(oaiId)
  t.same(after.headers.filter(h => h.deleted).map(h => h.identifier).sort(), leftPublic.sort(), 'deleted records: the datasets that left the public')
  t.same(await schemaErrors(after.pages.slice(0, 2)), [])
})
