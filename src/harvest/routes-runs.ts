// /harvest-sources/{id}/runs: queue a run now (a worker on some node takes it from PostgreSQL), and read
// the runs with their status, timings and import reports.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Config } from '../config.js'
import { NotFoundError } from '../errors.js'
import { problems } from '../schemas/common.js'
import { HarvestRun, HarvestRunList, RunNowQuery, RunParams, RunQuery, SourceParams } from './schemas.js'
import { findRun, listRuns } from './sources.js'
import { queueRun } from './queue.js'
import { toHarvestRunDto } from './dto.js'
import { loadSource, TAG } from './routes-sources.js'

export interface RunRoutesOptions {
  config: Config
  /** Tells this node's worker there is work (absent when this node runs no worker). */
  wake: () => void
}

const security = [{ bearer: [] }]

const runs: FastifyPluginAsyncTypebox<RunRoutesOptions> = async (app, { config, wake }) => {
  app.post('/harvest-sources/:id/runs', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'queueHarvestRun',
      summary: 'Harvest a source now',
      description: 'Queues a run and answers 202 with it; poll its `Location` for the outcome. While a run already ' +
        'waits, answers 202 with that one. A run in progress is never doubled: the new one starts when it ends. ' +
        'A dataset missing from the source is unpublished after HARVEST_WITHDRAW_AFTER_RUNS consecutive runs; a run that ' +
        'would withdraw more than HARVEST_WITHDRAW_MAX_SHARE of the source\'s datasets withdraws none (its report says so in ' +
        '`held`) unless started with `force=true`.',
      security,
      params: SourceParams,
      querystring: RunNowQuery,
      response: { 202: HarvestRun, ...problems(400, 401, 404) }
    }
  }, async (request, reply) => {
    const source = await loadSource(app.db, request, request.params.id)
    const { run } = await queueRun(app.db, source.id, request.query.force)
    wake()
    return reply.code(202).header('location', `${config.publicUrl}/harvest-sources/${source.id}/runs/${run.id}`).send(toHarvestRunDto(run))
  })

  app.get('/harvest-sources/:id/runs', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'listHarvestRuns',
      summary: 'List the latest runs of a source, newest first',
      security,
      params: SourceParams,
      querystring: RunQuery,
      response: { 200: HarvestRunList, ...problems(400, 401, 404) }
    }
  }, async request => {
    const source = await loadSource(app.db, request, request.params.id)
    const { rows, total } = await listRuns(app.db, source.id, request.query.limit)
    return { items: rows.map(toHarvestRunDto), total }
  })

  app.get('/harvest-sources/:id/runs/:runId', {
    onRequest: app.requireToken,
    schema: {
      tags: [TAG],
      operationId: 'getHarvestRun',
      summary: 'Read one run of a source',
      security,
      params: RunParams,
      response: { 200: HarvestRun, ...problems(400, 401, 404) }
    }
  }, async request => {
    const source = await loadSource(app.db, request, request.params.id)
    const run = await findRun(app.db, source.id, request.params.runId)
    if (run === undefined) throw new NotFoundError('Harvest run', request.params.runId)
    return toHarvestRunDto(run)
  })
}

export default runs
