// The read behind GET /datasets/{idOrSlug}: one prepared query returning what the visibility checks need,
// a version of the representation (the md5 of everything it is built from), and the dataset with its
// distributions only when the caller does not already hold that version.
import { sql, type Kysely } from 'kysely'
import { UUID, type DatasetRecord } from './datasets.js'
import { distributionsFromJson, distributionsJson, epochMs, type DistributionJson } from './distributions.js'
import { prepared } from './prepared.js'
import type { DB, DistributionRow } from './types.js'

/** A dataset record with its distributions, oldest first. */
export type DatasetWithDistributions = DatasetRecord & { distributions: DistributionRow[] }

export interface DatasetRead {
  status: DatasetRecord['status']
  publisher_id: string
  deleted_at: Date | null
  /** The md5 of the JSON the dataset and its distributions are read as: it changes whenever any of them does. */
  version: string
  /** Null when the caller's `knownVersion` is the current one. */
  dataset: DatasetWithDistributions | null
}

type Timestamp = 'issued' | 'modified' | 'deleted_at' | 'created_at' | 'updated_at'
/** A DatasetWithDistributions as the query sends it: timestamps as epoch milliseconds. */
type DatasetJson = Omit<DatasetRecord, Timestamp> & Record<'modified' | 'created_at' | 'updated_at', number> &
  Record<'issued' | 'deleted_at', number | null> & { distributions: DistributionJson[] }

const COLUMNS = [
  'id', 'slug', 'identifier', 'publisher_id', 'title', 'description', 'keywords', 'themes', 'licence_id', 'access_rights',
  'frequency', 'spatial_bbox', 'spatial_uri', 'landing_page', 'contact_point', 'language', 'conforms_to', 'version', 'status'
] as const

/** The columns of a DatasetRecord and the distributions, as one JSON object. */
const datasetJson = sql<DatasetJson>`json_build_object(${sql.join([
  ...COLUMNS.map(column => sql`${sql.lit(column)}, ${sql.ref(`datasets.${column}`)}`),
  sql`'seq', datasets.seq::text, 'temporal_start', datasets.temporal_start::text, 'temporal_end', datasets.temporal_end::text`,
  ...(['issued', 'modified', 'deleted_at', 'created_at', 'updated_at'] as const)
    .map(column => sql`${sql.lit(column)}, ${epochMs(`datasets.${column}`)}`),
  sql`'distributions', ${distributionsJson('datasets.id')}`
])})`

// OFFSET 0 keeps PostgreSQL from inlining the subqueries, which would build the JSON once per reference.
const read = (db: Kysely<DB>, knownVersion: string) => db.selectFrom('datasets')
  .innerJoinLateral(db.selectNoFrom(datasetJson.as('dataset')).offset(0).as('j'), join => join.onTrue())
  .innerJoinLateral(db.selectNoFrom(sql<string>`md5(j.dataset::text)`.as('version')).offset(0).as('v'), join => join.onTrue())
  .select(['datasets.status', 'datasets.publisher_id', 'datasets.deleted_at', 'v.version'])
  .select(sql<DatasetJson | null>`CASE WHEN v.version = ${knownVersion} THEN NULL ELSE j.dataset END`.as('dataset'))
  .limit(1)
const readById = prepared((db: Kysely<DB>, id: string, knownVersion: string) => read(db, knownVersion).where('datasets.id', '=', id))
const readBySlug = prepared((db: Kysely<DB>, slug: string, knownVersion: string) => read(db, knownVersion)
  .where('datasets.slug', '=', slug).orderBy(sql`datasets.deleted_at IS NULL`, 'desc').orderBy('datasets.deleted_at', 'desc'))

/**
 * The dataset an id or slug names, as findDataset() finds it (the live one, else the most recently
 * deleted one), with its distributions as distributionsOf() returns them, in one round trip; undefined
 * when there is none. `dataset` is left out when `knownVersion` is still current.
 */
export async function readDataset (db: Kysely<DB>, idOrSlug: string, knownVersion: string | null = null): Promise<DatasetRead | undefined> {
  const [row] = UUID.test(idOrSlug)
    ? await readById(db, idOrSlug.toLowerCase(), knownVersion)
    : await readBySlug(db, idOrSlug, knownVersion)
  if (row === undefined) return undefined
  const { dataset: json, ...found } = row
  return { ...found, dataset: json === null ? null : datasetFromJson(json) }
}

function datasetFromJson (json: DatasetJson): DatasetWithDistributions {
  return {
    ...json,
    issued: json.issued === null ? null : new Date(json.issued),
    modified: new Date(json.modified),
    deleted_at: json.deleted_at === null ? null : new Date(json.deleted_at),
    created_at: new Date(json.created_at),
    updated_at: new Date(json.updated_at),
    distributions: distributionsFromJson(json.distributions)
  }
}
