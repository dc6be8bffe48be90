// The current ETag of each resource a page of changes names, so a client can skip re-reading what it has.
// Computed with the same DTOs and etagOf() as the single-resource routes, hence equal to their ETag header.
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { findDataset } from '../db/datasets.js'
import { distributionsOf, getDistribution } from '../db/distributions.js'
import { findPublisher } from '../db/publishers.js'
import { findLicence } from '../db/licences.js'
import { toDatasetDto, type DatasetDtoOptions } from '../dto/dataset.js'
import { toDistributionDto } from '../dto/distribution.js'
import { toPublisherDto } from '../dto/publisher.js'
import { toLicenceDto } from '../dto/licence.js'
import { etagOf } from '../http/conditional.js'
import type { EventReader, EventRow } from './queries.js'

const TOMBSTONE = /\.(deleted|unpublished)$/

function mayRead (reader: EventReader, status: string, publisherId: string): boolean {
  return status === 'published' || reader.all || reader.publisherId === publisherId
}

async function datasetEtag (db: Kysely<DB>, id: string, reader: EventReader, options: DatasetDtoOptions): Promise<string | null> {
  const row = await findDataset(db, id)
  if (row === undefined || row.deleted_at !== null || !mayRead(reader, row.status, row.publisher_id)) return null
  return etagOf(toDatasetDto(row, (await distributionsOf(db, [id])).get(id) ?? [], options))
}

async function distributionEtag (db: Kysely<DB>, id: string, reader: EventReader, publicUrl: string): Promise<string | null> {
  const row = await getDistribution(db, id)
  const dataset = row === undefined ? undefined : await findDataset(db, row.dataset_id)
  if (row === undefined || dataset === undefined || dataset.deleted_at !== null || !mayRead(reader, dataset.status, dataset.publisher_id)) return null
  return etagOf(toDistributionDto(row, publicUrl))
}

async function etagOfEntity (db: Kysely<DB>, event: EventRow, reader: EventReader, options: DatasetDtoOptions): Promise<string | null> {
  switch (event.entity) {
    case 'dataset': return await datasetEtag(db, event.entity_id, reader, options)
    case 'distribution': return await distributionEtag(db, event.entity_id, reader, options.publicUrl)
    case 'publisher': {
      const row = await findPublisher(db, event.entity_id)
      return row === undefined ? null : etagOf(toPublisherDto(row, options.publicUrl))
    }
    case 'licence': {
      const row = await findLicence(db, event.entity_id)
      return row === undefined ? null : etagOf(toLicenceDto(row))
    }
  }
}

/** Keyed by `entity:id`; every resource read once per page. */
export async function currentEtags (
  db: Kysely<DB>, events: readonly EventRow[], reader: EventReader, options: DatasetDtoOptions
): Promise<Map<string, string | null>> {
  const etags = new Map<string, string | null>()
  for (const event of events) {
    const key = `${event.entity}:${event.entity_id}`
    if (TOMBSTONE.test(event.type) || etags.has(key)) continue
    etags.set(key, await etagOfEntity(db, event, reader, options))
  }
  return etags
}

export const isTombstone = (type: string): boolean => TOMBSTONE.test(type)
