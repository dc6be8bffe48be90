// The quality routes: a dataset's score (visible like the dataset), a dry run on a payload, and a
// publisher's overview (published datasets only).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Config } from '../config.js'
import { assertVisible } from '../auth/permissions.js'
import { findFeedDataset } from '../db/catalog.js'
import { UUID } from '../db/datasets.js'
import { findPublisher } from '../db/publishers.js'
import { GoneError, NotFoundError } from '../errors.js'
import { problems } from '../schemas/common.js'
import { checkPayload } from './check.js'
import {
  DatasetQualityParams, PublisherQualityParams, PublisherQualityReport, QualityCheck, QualityCheckReport, QualityReport, TAG
} from './schemas.js'
import { publisherQuality, refreshQuality } from './store.js'
import { onPrimary } from '../db/read-routing.js'

const routes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  app.get('/datasets/:id/quality', {
    schema: {
      tags: [TAG],
      operationId: 'getDatasetQuality',
      summary: 'Read the metadata quality score of a dataset',
      description: 'The MQA score (405 points in five dimensions), its band, each indicator with the points won and ' +
        'possible, and a hint for each missed one. Recomputed after every change of the dataset or its distributions; ' +
        'URL reachability comes from a background checker and reads `unchecked` until it has been there. Drafts answer ' +
        'only to their publisher and admins.',
      params: DatasetQualityParams,
      response: { 200: QualityReport, ...problems(400, 401, 404, 410) }
    }
  }, async request => {
    const { id } = request.params
    const row = await findFeedDataset(app.db, id, UUID.test(id))
    if (row === undefined) throw new NotFoundError('Dataset', id)
    assertVisible(request.principal, { status: row.status, publisherId: row.publisher_id }, id)
    if (row.deleted_at !== null) throw new GoneError('Dataset', id)
    // A stale score is computed and stored: on the primary, even for a read sent to the replica.
    const stored = await onPrimary(async () => await refreshQuality(app.db, config, row.id))
    if (stored === undefined) throw new NotFoundError('Dataset', id)
    return { ...stored.report, dataset: row.id, computedAt: stored.computedAt.toISOString() }
  })

  app.post('/quality/check', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'checkQuality',
      summary: 'Score a dataset before publishing it (dry run)',
      description: 'Takes the body of POST /datasets, with the distributions it would have, and answers the score it would ' +
        'get. Nothing is written. External URLs count only if the background checker already knows them.',
      security: [{ bearer: [] }],
      body: QualityCheck,
      response: { 200: QualityCheckReport, ...problems(400, 401, 403, 422) }
    }
  }, async request => checkPayload(app.db, config, request, request.body))

  app.get('/publishers/:slug/quality', {
    schema: {
      tags: [TAG],
      operationId: 'getPublisherQuality',
      summary: 'Read the quality overview of a publisher',
      description: 'Over the publisher\'s published datasets: how many are in each band, the average score, and the ' +
        'indicators most often missed (what to fix first).',
      params: PublisherQualityParams,
      response: { 200: PublisherQualityReport, ...problems(400, 404) }
    }
  }, async request => {
    const publisher = await findPublisher(app.db, request.params.slug)
    if (publisher === undefined) throw new NotFoundError('Publisher', request.params.slug)
    return { publisher: publisher.id, ...await publisherQuality(app.db, publisher.id) }
  })
}

export default routes
