// /changes.atom and /publishers/{id}/changes.atom: well-formed Atom 1.0 (parsed strictly, with namespaces),
// the right content type, one entry per resource, RFC 6721 tombstones, and drafts kept out.
import t from 'tap'
import { sql } from 'kysely'
import { SaxesParser, type SaxesTagNS } from '@rubensworks/saxes'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { editorOf, seedPublisher } from '../routes/datasets-helpers.js'
import { logSettled } from './settle.js'

const ATOM = 'http://www.w3.org/2005/Atom'
const AT = 'http://purl.org/atompub/tombstones/1.0'

interface Element { ns: string, name: string, attributes: Record<string, string>, text: string, children: Element[] }

/** Parses strictly (throws on any well-formedness error) into a small tree. */
function parse (xml: string): Element {
  const parser = new SaxesParser({ xmlns: true })
  const stack: Element[] = []
  let root: Element | undefined
  parser.on('error', err => { throw err })
  parser.on('opentag', (tag: SaxesTagNS) => {
    const element: Element = {
      ns: tag.uri,
      name: tag.local,
      children: [],
      text: '',
      attributes: Object.fromEntries(Object.values(tag.attributes).map(a => [a.local, a.value]))
    }
    stack.at(-1)?.children.push(element)
    root ??= element
    stack.push(element)
  })
  parser.on('text', text => { const top = stack.at(-1); if (top !== undefined) top.text += text })
  parser.on('closetag', () => { stack.pop() })
  parser.write(xml).close()
  return root!
}

const app = await buildTestApp(t)
await seedPublisher(app, 'metropole')
await seedPublisher(app, 'ville')
const METRO = await editorOf(app, 'metropole')

const bus = (await app.inject({ method: 'POST', url: '/datasets', headers: METRO, payload: { title: 'Bus & <tram>', slug: 'bus' } })).json()
await app.inject({ method: 'PATCH', url: '/datasets/bus', headers: METRO, payload: { description: 'v2' } })
const gone = (await app.inject({ method: 'POST', url: '/datasets', headers: METRO, payload: { title: 'Vélos', slug: 'velos' } })).json()
await app.inject({ method: 'DELETE', url: '/datasets/velos', headers: METRO })
const hidden = (await app.inject({ method: 'POST', url: '/datasets', headers: METRO, payload: { title: 'Caché', slug: 'cache' } })).json()
await app.inject({ method: 'PATCH', url: '/datasets/cache', headers: METRO, payload: { status: 'draft' } })
await app.inject({ method: 'PATCH', url: '/datasets/cache', headers: METRO, payload: { title: 'Secret title' } })
await app.inject({ method: 'POST', url: '/datasets', headers: METRO, payload: { title: 'Brouillon', slug: 'brouillon', status: 'draft' } })
await app.inject({ method: 'POST', url: '/datasets', headers: ADMIN, payload: { publisher: 'ville', title: 'Parcs', slug: 'parcs' } })
await logSettled(app.db)

t.test('/changes.atom is a well-formed Atom feed with tombstones', async t => {
  const res = await app.inject('/changes.atom')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8')
  t.notMatch(res.body, /Secret|Brouillon/, 'nothing of a draft')
  const feed = parse(res.body)
  t.match(feed, { ns: ATOM, name: 'feed' })
  const child = (name: string): Element | undefined => feed.children.find(c => c.name === name && c.ns === ATOM)
  t.equal(child('id')?.text, `${PUBLIC_URL}/changes.atom`)
  t.equal(child('title')?.text, 'Test catalogue: changes')
  t.match(child('updated')?.text, /^\d{4}-\d\d-\d\dT.*Z$/)
  t.equal(child('author')?.children[0]?.text, 'Test portal')
  const entries = feed.children.filter(c => c.ns === ATOM && c.name === 'entry')
  const ids = entries.map(e => e.children.find(c => c.name === 'id')?.text)
  t.same(new Set(ids).size, ids.length, 'one entry per resource')
  const busEntry = entries.find(e => e.children.some(c => c.name === 'id' && c.text === bus.uri))!
  t.equal(busEntry.children.find(c => c.name === 'title')?.text, 'Dataset updated: Bus & <tram>')
  t.match(busEntry.children.find(c => c.name === 'link')?.attributes, { rel: 'alternate', href: bus.uri })
  const tombstones = feed.children.filter(c => c.ns === AT && c.name === 'deleted-entry')
  t.same(tombstones.map(d => d.attributes.ref).sort(), [gone.uri, hidden.uri].sort())
  for (const tombstone of tombstones) t.match(tombstone.attributes.when, /Z$/)
  t.same(tombstones.map(d => d.children.find(c => c.ns === AT && c.name === 'comment')?.text).sort(), ['dataset.deleted', 'dataset.unpublished'])
})

t.test('the publisher sees its drafts in the feed', async t => {
  const res = await app.inject({ url: '/changes.atom', headers: METRO })
  t.match(res.body, /Secret title/)
  t.match(res.body, /Brouillon/)
})

t.test('/publishers/{id}/changes.atom: that publisher only', async t => {
  const res = await app.inject('/publishers/ville/changes.atom')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8')
  const feed = parse(res.body)
  t.equal(feed.children.find(c => c.name === 'id')?.text, `${PUBLIC_URL}/publishers/ville/changes.atom`)
  const titles = feed.children.filter(c => c.name === 'entry').map(e => e.children.find(c => c.name === 'title')?.text)
  t.same(titles, ['Dataset created: Parcs', 'Publisher created: ville'])
  const unknown = await app.inject('/publishers/nobody/changes.atom')
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.headers['content-type'], 'application/problem+json; charset=utf-8')
})

t.test('an empty feed is still valid Atom', async t => {
  await seedPublisher(app, 'vide')
  // As after pruning: the log keeps nothing of this publisher.
  await sql`DELETE FROM events WHERE publisher_id = 'vide'`.execute(app.db)
  const feed = parse((await app.inject('/publishers/vide/changes.atom')).body)
  t.equal(feed.children.find(c => c.name === 'updated')?.text, '1970-01-01T00:00:00.000Z')
  t.equal(feed.children.filter(c => c.name === 'entry').length, 0)
})
