// Seeds for the feed tests, written straight into the tables (the feed only reads them), and RDF
// read back from HTTP responses.
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type * as RDF from '@rdfjs/types'
import type { DB, NewDatasetRow, NewDistributionRow } from '../../src/db/types.js'
import type { RdfFormat } from '../../src/dcat/serialize/index.js'
import { parseRdf } from '../dcat/support/rdf.js'

export const HYDRA = 'http://www.w3.org/ns/hydra/core#'
export const DCAT = 'http://www.w3.org/ns/dcat#'
export const DCT = 'http://purl.org/dc/terms/'
export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'

let counter = 0
const unique = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`

export async function seedPublisher (db: Kysely<DB>, id = unique('pub')): Promise<string> {
  await db.insertInto('publishers').values({ id, name: `Publisher ${id}`, type: 'LocalAuthority' }).execute()
  return id
}

export async function seedDataset (db: Kysely<DB>, publisherId: string, values: Partial<NewDatasetRow> = {}): Promise<{ id: string, slug: string }> {
  const slug = values.slug ?? unique('dataset')
  return db.insertInto('datasets').values({
    slug,
    publisher_id: publisherId,
    title: `Jeu de données ${slug}`,
    description: 'Une description.',
    licence_id: 'etalab-2.0',
    modified: '2025-01-15T10:00:00Z',
    ...values
  }).returning(['id', 'slug']).executeTakeFirstOrThrow()
}

export async function seedDistribution (db: Kysely<DB>, datasetId: string, values: Partial<NewDistributionRow> = {}): Promise<string> {
  const row = await db.insertInto('distributions').values({
    dataset_id: datasetId,
    title: 'Fichier CSV',
    download_url: 'https://files.example.org/data.csv',
    media_type: 'text/csv',
    format: 'CSV',
    ...values
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** Empties the feed's tables between subtests (licences and vocabularies stay). */
export async function clearCatalogue (db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('distributions').execute()
  await db.deleteFrom('dataset_changes').execute()
  await db.deleteFrom('datasets').execute()
}

export interface Fetched { status: number, headers: Record<string, unknown>, body: string, quads: RDF.Quad[] }

/** GET (or HEAD) a feed URL and parse the body in `format` when it is a 200. */
export async function fetchRdf (app: FastifyInstance, url: string, format: RdfFormat, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET'): Promise<Fetched> {
  const res = await app.inject({ method, url, headers })
  const quads = res.statusCode === 200 && method === 'GET' ? await parseRdf(res.body, format) : []
  return { status: res.statusCode, headers: res.headers, body: res.body, quads }
}

export const objects = (quads: RDF.Quad[], predicate: string, subject?: string): string[] =>
  quads.filter((q) => q.predicate.value === predicate && (subject === undefined || q.subject.value === subject)).map((q) => q.object.value)

export const subjectsOfType = (quads: RDF.Quad[], type: string): string[] =>
  quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === type).map((q) => q.subject.value)

/** The datasets a page lists, and its `hydra:next` (null on the last page). */
export function pageOf (quads: RDF.Quad[]): { datasets: string[], next: string | null, total: number } {
  const [next] = objects(quads, `${HYDRA}next`)
  const [total] = objects(quads, `${HYDRA}totalItems`)
  return { datasets: subjectsOfType(quads, `${DCAT}Dataset`), next: next ?? null, total: Number(total) }
}

/** A publisher with every field set. */
export async function seedCompletePublisher (db: Kysely<DB>, id: string): Promise<string> {
  await db.insertInto('publishers').values({
    id, name: 'Sytral Mobilités', type: 'LocalAuthority', homepage: 'https://www.sytral.fr/', email: 'opendata@sytral.example'
  }).execute()
  return id
}

/** Every optional field set, tricky text included; an uploaded file and a link. */
export async function seedCompleteDataset (db: Kysely<DB>, publisherId: string): Promise<{ id: string, distributions: string[] }> {
  const { id } = await seedDataset(db, publisherId, {
    slug: 'horaires-tcl',
    identifier: 'https://data.grandlyon.example/jeux-de-donnees/tcl-horaires',
    title: 'Horaires théoriques du réseau TCL',
    description: 'Horaires **théoriques** des bus & tramways <TCL>.\r\nFormat "GTFS", voir l\'onglet\t« Ressources » 🚌.',
    keywords: ['transport', 'mobilité', 'horaires'],
    themes: ['TRAN', 'REGI'],
    licence_id: 'etalab-2.0',
    access_rights: 'PUBLIC',
    frequency: 'WEEKLY',
    temporal_start: '2024-01-01',
    temporal_end: '2025-12-31',
    spatial_bbox: [4.7718, 45.6855, 4.9037, 45.8084],
    spatial_uri: 'http://publications.europa.eu/resource/authority/country/FRA',
    landing_page: 'https://data.example.org/jeux-de-donnees/horaires-tcl',
    contact_point: JSON.stringify({ name: 'Service open data', email: 'donnees@sytral.example', url: 'https://www.sytral.fr/contact' }),
    language: ['FRA', 'ENG'],
    conforms_to: ['https://gtfs.org/schedule/reference/'],
    version: '2025.06',
    issued: '2023-03-01T08:00:00Z',
    modified: '2025-06-01T04:00:00Z'
  })
  const uploaded = await seedDistribution(db, id, {
    title: 'GTFS — réseau TCL',
    description: 'Archive GTFS complète, mise à jour chaque semaine.',
    access_url: 'https://data.example.org/jeux-de-donnees/horaires-tcl',
    download_url: null,
    media_type: 'application/zip',
    format: 'GTFS',
    byte_size: '48213771',
    checksum_sha256: 'a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00',
    licence_id: 'odbl-1.0',
    file_key: 'ab/cd/file',
    file_name: 'gtfs.zip',
    issued: '2024-01-10T09:30:00Z',
    modified: '2025-06-01T04:00:00Z'
  })
  const linked = await seedDistribution(db, id, {
    title: 'Arrêts (CSV)',
    description: 'Liste des arrêts.',
    access_url: 'https://api.sytral.example/arrets',
    download_url: 'https://api.sytral.example/arrets.csv',
    media_type: 'text/csv; charset=utf-8',
    format: 'CSV',
    issued: '2024-02-01T00:00:00Z',
    modified: '2025-05-20T18:45:12.345Z'
  })
  return { id, distributions: [uploaded, linked] }
}

/** Only what is required: no licence, no description, no optional field, one bare link. */
export async function seedMinimalDataset (db: Kysely<DB>, publisherId: string): Promise<{ id: string }> {
  const { id } = await seedDataset(db, publisherId, { description: '', licence_id: null })
  await seedDistribution(db, id, { title: 'bancs.geojson', media_type: null, format: null })
  return { id }
}
