// /changes.atom and /publishers/{id}/changes.atom: the latest changes for feed readers, in Atom 1.0
// (RFC 4287) with RFC 6721 tombstones (`at:deleted-entry`) for what was unpublished or deleted.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { findPublisher } from '../db/publishers.js'
import { cleanText } from '../dcat/terms.js'
import { NotFoundError } from '../errors.js'
import { problems } from '../schemas/common.js'
import { isTombstone } from './etags.js'
import { eventUri, readerOf } from './items.js'
import { latestEvents, type EventReader, type EventRow } from './queries.js'

export const ATOM_TYPE = 'application/atom+xml; charset=utf-8'
const ENTRIES = 50

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }
const escape = (value: string): string => cleanText(value).replace(/[&<>"]/g, c => ESCAPES[c]!)

const VERBS: Record<string, string> = { created: 'created', updated: 'updated', published: 'published' }

export interface AtomOptions { publicUrl: string, title: string, author: string }

/** Titles of the datasets the reader may still read, for the entries' titles. */
async function datasetTitles (db: Kysely<DB>, events: readonly EventRow[], reader: EventReader): Promise<Map<string, string>> {
  const ids = events.filter(e => e.entity === 'dataset').map(e => e.entity_id)
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('datasets').select(['id', 'title', 'status', 'publisher_id'])
    .where('id', 'in', ids).where('deleted_at', 'is', null).execute()
  return new Map(rows
    .filter(row => row.status === 'published' || reader.all || reader.publisherId === row.publisher_id)
    .map(row => [row.id, row.title]))
}

function entry (event: EventRow, uri: string, title: string | undefined): string {
  const when = new Date(event.occurred_at).toISOString()
  if (isTombstone(event.type)) {
    return `  <at:deleted-entry ref="${escape(uri)}" when="${when}"><at:comment>${escape(event.type)}</at:comment><link href="${escape(uri)}"/></at:deleted-entry>\n`
  }
  const [entity, verb] = event.type.split('.') as [string, string]
  const label = `${entity[0]!.toUpperCase()}${entity.slice(1)} ${VERBS[verb] ?? verb}: ${title ?? event.entity_id}`
  return `  <entry>\n    <id>${escape(uri)}</id>\n    <title>${escape(label)}</title>\n    <updated>${when}</updated>\n` +
    `    <link rel="alternate" href="${escape(uri)}"/>\n    <category term="${escape(event.type)}"/>\n  </entry>\n`
}

/** The feed of the latest changes, one entry (the latest) per resource. */
export async function renderFeed (
  db: Kysely<DB>, request: FastifyRequest, options: AtomOptions, selfUrl: string, title: string, publisher: string | undefined
): Promise<string> {
  const reader = readerOf(request)
  const seen = new Set<string>()
  const events = (await latestEvents(db, { reader, publisher }, ENTRIES)).filter(event => {
    const key = `${event.entity}:${event.entity_id}`
    return !seen.has(key) && seen.add(key)
  })
  const titles = await datasetTitles(db, events, reader)
  const updated = events[0] === undefined ? new Date(0).toISOString() : new Date(events[0].occurred_at).toISOString()
  return '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:at="http://purl.org/atompub/tombstones/1.0">\n' +
    `  <id>${escape(selfUrl)}</id>\n  <title>${escape(title)}</title>\n  <updated>${updated}</updated>\n` +
    `  <author><name>${escape(options.author)}</name></author>\n` +
    `  <link rel="self" type="application/atom+xml" href="${escape(selfUrl)}"/>\n` +
    `  <link rel="related" type="application/json" href="${escape(`${options.publicUrl}/changes`)}"/>\n` +
    events.map(event => entry(event, eventUri(options.publicUrl, event), titles.get(event.entity_id))).join('') +
    '</feed>\n'
}

const atomBody = {
  description: 'An Atom 1.0 feed; unpublished and deleted resources are RFC 6721 `at:deleted-entry` tombstones.',
  content: { 'application/atom+xml': { schema: Type.String({ description: `${ATOM_TYPE}` }) } }
}
const send = (reply: FastifyReply, xml: string): FastifyReply => reply.type(ATOM_TYPE).header('cache-control', 'no-cache').send(xml)

const atom: FastifyPluginAsyncTypebox<{ atom: AtomOptions }> = async (app, { atom: options }) => {
  app.get('/changes.atom', {
    schema: {
      tags: ['changes'],
      operationId: 'getChangesAtom',
      summary: 'The latest changes as an Atom feed',
      description: `The ${ENTRIES} latest changes, one entry per resource, newest first, for feed readers. Follow GET /changes to miss nothing.`,
      response: { 200: atomBody, ...problems(401) }
    }
  }, async (request, reply) => {
    const self = `${options.publicUrl}/changes.atom`
    return send(reply, await renderFeed(app.db, request, options, self, `${options.title}: changes`, undefined))
  })

  app.get('/publishers/:id/changes.atom', {
    schema: {
      tags: ['changes'],
      operationId: 'getPublisherChangesAtom',
      summary: 'The latest changes of one publisher as an Atom feed',
      description: `The ${ENTRIES} latest changes to the publisher and its datasets and distributions, one entry per resource, newest first.`,
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, examples: ['metropole'] }) }, { additionalProperties: false }),
      response: { 200: atomBody, ...problems(400, 401, 404) }
    }
  }, async (request, reply) => {
    const publisher = await findPublisher(app.db, request.params.id)
    if (publisher === undefined) throw new NotFoundError('Publisher', request.params.id)
    const self = `${options.publicUrl}/publishers/${encodeURIComponent(publisher.id)}/changes.atom`
    return send(reply, await renderFeed(app.db, request, options, self, `${publisher.name}: changes`, publisher.id))
  })
}

export default atom
