// The rows behind CKAN package dicts: a dataset with its distributions, publisher, licence, theme labels,
// legacy groups and imported extras, in one query (distributions as db/distributions.ts reads them).
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import { selectDataset, UUID, type DatasetRecord } from '../../db/datasets.js'
import { distributionsFromJson, distributionsJson, epochMs, type DistributionJson } from '../../db/distributions.js'
import { prepared } from '../../db/prepared.js'
import type { DB, DistributionRow } from '../../db/types.js'

export interface PackagePublisher { id: string, name: string, ckan_id: string | null, created_at: number }
export interface PackageLicence { id: string, title: string, url: string | null, open: boolean }
export interface ThemeLabel { code: string, label: string }
export interface LegacyGroup { id: string, name: string, title: string, description: string, image_url: string | null }

export type PackageRow = DatasetRecord & {
  distributions: DistributionRow[]
  publisher: PackagePublisher
  licence: PackageLicence | null
  theme_labels: ThemeLabel[]
  legacy_groups: LegacyGroup[]
  /** The `extras` of the CKAN record the dataset was imported from, if any. */
  legacy_extras: unknown
}

type RawPackageRow = Omit<PackageRow, 'distributions'> & { distributions: DistributionJson[] }

/** Adds the columns of a PackageRow to a query on `datasets`. */
export function selectPackage<O> (query: SelectQueryBuilder<DB, 'datasets', O>): SelectQueryBuilder<DB, 'datasets', O & RawPackageRow> {
  return selectDataset(query).select([
    sql<DistributionJson[]>`${distributionsJson('datasets.id')}`.as('distributions'),
    sql<PackagePublisher>`(SELECT json_build_object('id', p.id, 'name', p.name, 'ckan_id', p.ckan_id, 'created_at', ${epochMs('p.created_at')})
      FROM publishers p WHERE p.id = datasets.publisher_id)`.as('publisher'),
    sql<PackageLicence | null>`(SELECT json_build_object('id', l.id, 'title', l.title, 'url', l.url, 'open', l.open)
      FROM licences l WHERE l.id = datasets.licence_id)`.as('licence'),
    sql<ThemeLabel[]>`(SELECT coalesce(json_agg(json_build_object('code', t.code, 'label', t.label_fr) ORDER BY t.code), '[]'::json)
      FROM vocabulary_terms t WHERE t.vocabulary = 'data-theme' AND t.code = ANY (datasets.themes))`.as('theme_labels'),
    sql<LegacyGroup[]>`(SELECT coalesce(json_agg(json_build_object('id', g.id, 'name', g.name, 'title', g.title,
        'description', g.description, 'image_url', g.image_url) ORDER BY g.name), '[]'::json)
      FROM dataset_legacy_groups dg JOIN legacy_groups g ON g.id = dg.group_id WHERE dg.dataset_id = datasets.id)`.as('legacy_groups'),
    sql<unknown>`(SELECT pr.raw -> 'extras' FROM dataset_provenance pr WHERE pr.dataset_id = datasets.id AND pr.source_kind = 'ckan')`.as('legacy_extras')
  ]) as unknown as SelectQueryBuilder<DB, 'datasets', O & RawPackageRow>
}

export function packageFromRaw (row: RawPackageRow): PackageRow {
  return { ...row, distributions: distributionsFromJson(row.distributions) }
}

/** What anonymous callers may see: published, not deleted. */
const published = <O>(query: SelectQueryBuilder<DB, 'datasets', O>) =>
  query.where('datasets.status', '=', 'published').where('datasets.deleted_at', 'is', null)

const packageById = (db: Kysely<DB>, id: string) => published(selectPackage(db.selectFrom('datasets'))).where('datasets.id', '=', id)
const packageByName = (db: Kysely<DB>, name: string) => published(selectPackage(db.selectFrom('datasets')))
  .where(eb => eb.or([
    eb('datasets.slug', '=', name),
    eb('datasets.id', '=', eb.selectFrom('dataset_slug_aliases').select('dataset_id').where('slug', '=', name))
  ]))
  .orderBy(sql`datasets.slug = ${name}`, 'desc').limit(1)
const byId = prepared(packageById)
const byName = prepared(packageByName)

/** The md5 of the whole package row, computed where it is read: only 32 characters travel. */
const versionOf = (db: Kysely<DB>, query: ReturnType<typeof packageById>) =>
  db.selectFrom(query.as('pk')).select(sql<string>`md5(to_jsonb(pk)::text)`.as('version'))
const versionById = prepared((db: Kysely<DB>, id: string) => versionOf(db, packageById(db, id)))
const versionByName = prepared((db: Kysely<DB>, name: string) => versionOf(db, packageByName(db, name)))

/** The published dataset a CKAN `id` names: its UUID, its slug, or a slug it had before. */
export async function findPackage (db: Kysely<DB>, idOrName: string): Promise<PackageRow | undefined> {
  const [row] = UUID.test(idOrName) ? await byId(db, idOrName.toLowerCase()) : await byName(db, idOrName)
  return row === undefined ? undefined : packageFromRaw(row)
}

/**
 * The version of what findPackage() would read (it changes whenever anything the package dict is built from
 * does), or undefined when it would find nothing.
 */
export async function packageVersion (db: Kysely<DB>, idOrName: string): Promise<string | undefined> {
  const [row] = UUID.test(idOrName) ? await versionById(db, idOrName.toLowerCase()) : await versionByName(db, idOrName)
  return row?.version
}

/** The published dataset that has this distribution. */
export async function findPackageOfResource (db: Kysely<DB>, resourceId: string): Promise<PackageRow | undefined> {
  if (!UUID.test(resourceId)) return undefined
  const row = await published(selectPackage(db.selectFrom('datasets')))
    .where('datasets.id', '=', db.selectFrom('distributions').select('dataset_id').where('id', '=', resourceId.toLowerCase()))
    .executeTakeFirst()
  return row === undefined ? undefined : packageFromRaw(row)
}

/** Names of the published datasets, by name. */
export async function listPackageNames (db: Kysely<DB>, limit: number | null, offset: number): Promise<string[]> {
  let query = published(db.selectFrom('datasets').select('datasets.slug')).orderBy('datasets.slug').offset(offset)
  if (limit !== null) query = query.limit(limit)
  return (await query.execute()).map(row => row.slug)
}
