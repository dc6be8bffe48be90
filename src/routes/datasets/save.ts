// Dataset writes shared by POST, PUT and PATCH: who publishes, which slug, validation, and a write
// (with its audit entry) only when the content really changes, so replaying a script changes nothing.
import type { FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.js'
import {
  changedFields, datasetValuesOf, freeSlug, insertDataset, slugTaken, updateDataset,
  type DatasetRecord, type DatasetValues
} from '../../db/datasets.js'
import { recordChange } from '../../db/changes.js'
import { datasetValuesFromInput } from '../../dto/dataset-input.js'
import type { DatasetDtoOptions } from '../../dto/dataset.js'
import { assertCanWrite } from '../../auth/permissions.js'
import { ConflictError, invalid } from '../../errors.js'
import type { CreateDataset, Dataset } from '../../schemas/dataset.js'
import { datasetDto } from './load.js'
import { slugify } from './slug.js'
import { validateDataset } from './validate.js'

/** API names of the columns, for the audit trail. */
const FIELD_NAMES: Record<keyof DatasetValues, string> = {
  slug: 'slug',
  identifier: 'identifier',
  publisher_id: 'publisher',
  title: 'title',
  description: 'description',
  keywords: 'keywords',
  themes: 'themes',
  licence_id: 'licence',
  access_rights: 'accessRights',
  frequency: 'frequency',
  temporal_start: 'temporal',
  temporal_end: 'temporal',
  spatial_bbox: 'spatial',
  spatial_uri: 'spatial',
  landing_page: 'landingPage',
  contact_point: 'contactPoint',
  language: 'language',
  conforms_to: 'conformsTo',
  version: 'version',
  issued: 'issued',
  status: 'status'
}

/** A concurrent write took the slug between our check and our insert. */
async function uniqueSlug<T> (slug: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new ConflictError(`The slug ${slug} is already used by another dataset`)
    throw err
  }
}

async function assertSlugFree (db: Kysely<DB>, slug: string, exceptId: string | null): Promise<void> {
  if (await slugTaken(db, slug, exceptId)) throw new ConflictError(`The slug ${slug} is already used by another dataset`)
}

/** The publisher of a new dataset: the editor token's own, or the one an admin names. */
function publisherOf (request: FastifyRequest, requested: string | undefined): string {
  const principal = request.principal
  const publisherId = requested ?? principal?.publisherId ?? undefined
  if (publisherId === undefined) {
    assertCanWrite(principal, '')
    throw invalid('body/publisher', 'is required with an admin token')
  }
  assertCanWrite(principal, publisherId)
  return publisherId
}

/** Creates a dataset; `slug` null generates one from the title. Call inside a transaction. */
export async function createDataset (
  trx: Kysely<DB>, request: FastifyRequest, input: CreateDataset, slug: string | null, options: DatasetDtoOptions
): Promise<Dataset> {
  const publisherId = publisherOf(request, input.publisher)
  if (slug !== null) await assertSlugFree(trx, slug, null)
  const values = datasetValuesFromInput(input, slug ?? await freeSlug(trx, slugify(input.title)), publisherId)
  await validateDataset(trx, values)
  const row = await uniqueSlug(values.slug, () => insertDataset(trx, values))
  await recordChange(trx, { datasetId: row.id, action: 'dataset.created', principal: request.principal, summary: { slug: row.slug } })
  return datasetDto(trx, row, options)
}

/** Replaces the content of a locked, visible dataset the caller may write. Call inside a transaction. */
export async function replaceDataset (
  trx: Kysely<DB>, request: FastifyRequest, current: DatasetRecord, input: CreateDataset, options: DatasetDtoOptions
): Promise<Dataset> {
  const publisherId = input.publisher ?? current.publisher_id
  if (publisherId !== current.publisher_id) assertCanWrite(request.principal, publisherId)
  const values = datasetValuesFromInput(input, input.slug ?? current.slug, publisherId)
  const changed = changedFields(datasetValuesOf(current), values)
  if (changed.length === 0) return datasetDto(trx, current, options)
  if (changed.includes('slug')) await assertSlugFree(trx, values.slug, current.id)
  await validateDataset(trx, values)
  const row = await uniqueSlug(values.slug, () => updateDataset(trx, current.id, values))
  const fields = [...new Set(changed.map(key => FIELD_NAMES[key as keyof DatasetValues]))]
  await recordChange(trx, { datasetId: row.id, action: 'dataset.updated', principal: request.principal, summary: { fields } })
  return datasetDto(trx, row, options)
}
