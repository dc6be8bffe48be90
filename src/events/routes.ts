// GET /changes: the change log as a resumable JSON list (issue 17).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { DatasetDtoOptions } from '../dto/dataset.js'
import { problems } from '../schemas/common.js'
import { encodeCursor, type Position } from './cursor.js'
import { currentEtags } from './etags.js'
import { eventUri, readerOf, resumeFrom } from './items.js'
import { eventsAfter, headPosition } from './queries.js'
import { ChangeList, ChangesQuery } from './schemas.js'

export interface ChangesOptions { dto: DatasetDtoOptions, retentionDays: number }

/** The same query with `after` moved on. */
function nextUrl (request: FastifyRequest, publicUrl: string, after: string): string {
  const params = new URL(request.url, 'http://localhost').searchParams
  params.set('after', after)
  return `${publicUrl}/changes?${params.toString()}`
}

const START: Position = { xid: '0', seq: '0' }

const changes: FastifyPluginAsyncTypebox<ChangesOptions> = async (app, { dto, retentionDays }) => {
  app.get('/changes', {
    schema: {
      tags: ['changes'],
      operationId: 'listChanges',
      summary: 'Follow the changes to the catalogue',
      description: 'Every create, update, publish, unpublish and delete of datasets, distributions, publishers and licences, in commit ' +
        'order. Start with `after=latest`, read the catalogue in full, then call `next` again and again: re-read each changed `uri` ' +
        '(skip it when your copy has the `etag`) and drop the tombstones (`dataset.unpublished`, `*.deleted`). Changes to drafts ' +
        `are shown only to their publisher and admins. Changes are kept ${retentionDays} days (\`CHANGES_RETENTION_DAYS\`); ` +
        'an older cursor answers 410: read the catalogue in full again.',
      querystring: ChangesQuery,
      response: { 200: ChangeList, ...problems(400, 401, 410) }
    }
  }, async (request, reply) => {
    const { after, limit, publisher, type } = request.query
    const now = new Date()
    reply.header('cache-control', 'no-store')
    if (after === 'latest') {
      return { items: [], next: nextUrl(request, dto.publicUrl, encodeCursor(await headPosition(app.db), now)) }
    }
    const from = after === undefined ? START : await resumeFrom(app.db, after, retentionDays, now)
    const reader = readerOf(request)
    const rows = await eventsAfter(app.db, from, { reader, publisher, types: type?.split(',') }, limit)
    const etags = await currentEtags(app.db, rows, reader, dto)
    const items = rows.map(row => ({
      cursor: encodeCursor(row, now),
      type: row.type,
      id: row.entity_id,
      uri: eventUri(dto.publicUrl, row),
      occurredAt: new Date(row.occurred_at).toISOString(),
      etag: etags.get(`${row.entity}:${row.entity_id}`) ?? null
    }))
    // Nothing new: the same position, its cursor issued anew, so a quiet catalogue never expires a follower.
    const next = items.at(-1)?.cursor ?? encodeCursor(from, now)
    return { items, next: nextUrl(request, dto.publicUrl, next) }
  })
}

export default changes
