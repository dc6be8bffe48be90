// POST /quality/check: a dataset payload turned into the rows it would become (the same conversions and
// validations as POST /datasets), then into the DCAT view, and scored. Nothing is written.
import { randomUUID } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { FeedDatasetRow } from '../db/catalog.js'
import type { DB, DistributionRow } from '../db/types.js'
import { findPublisher } from '../db/publishers.js'
import { datasetValuesFromInput } from '../dto/dataset-input.js'
import { distributionValuesFromInput } from '../dto/distribution-input.js'
import { assertCanWrite } from '../auth/permissions.js'
import { invalid } from '../errors.js'
import { viewBuilder } from '../routes/catalog/views.js'
import { slugify } from '../routes/datasets/slug.js'
import { validateDataset, validateDistribution } from '../routes/datasets/validate.js'
import type { CreateDataset } from '../schemas/dataset.js'
import type { CreateDistribution } from '../schemas/distribution.js'
import { measure } from './measure.js'
import type { QualityScore } from './scorer.js'

export type CheckInput = CreateDataset & { distributions?: CreateDistribution[] | undefined }

export async function checkPayload (db: Kysely<DB>, config: Config, request: FastifyRequest, input: CheckInput): Promise<QualityScore> {
  const principal = request.principal
  const publisherId = input.publisher ?? principal?.publisherId ?? undefined
  if (publisherId === undefined) throw invalid('body/publisher', 'is required with an admin token')
  assertCanWrite(principal, publisherId)
  const { distributions = [], ...dataset } = input
  const values = datasetValuesFromInput(dataset, dataset.slug ?? slugify(dataset.title), publisherId)
  await validateDataset(db, values)
  const publisher = (await findPublisher(db, publisherId))!
  const now = new Date()
  const id = randomUUID()
  const row: FeedDatasetRow = {
    ...values,
    id,
    seq: '0',
    issued: values.issued === null ? null : new Date(values.issued),
    modified: now,
    deleted_at: null,
    updated_at: now,
    publisher_name: publisher.name,
    publisher_type: publisher.type,
    publisher_homepage: publisher.homepage,
    publisher_email: publisher.email,
    publisher_updated_at: publisher.updated_at
  } as FeedDatasetRow
  const rows: DistributionRow[] = []
  for (const distribution of distributions) {
    const d = distributionValuesFromInput(distribution, values.licence_id)
    await validateDistribution(db, d)
    rows.push({
      ...d,
      id: randomUUID(),
      dataset_id: id,
      file_key: null,
      file_name: null,
      issued: d.issued === null ? null : new Date(d.issued),
      modified: now,
      created_at: now,
      updated_at: now
    } as DistributionRow)
  }
  const [view] = await viewBuilder(db, config).datasets([row], rows)
  return measure(db, config, view!)
}
