// Shared by the CKAN tests: a small catalogue made through the REST API (plus what an import would have
// written: a CKAN organisation id, an old slug, a legacy group, imported extras), CKAN calls, and the
// TypeBox schemas data.gouv.fr's harvester requires, checked on every dict.
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { CkanPackage, CkanResource } from '../../src/ckan/schemas.js'
import { ADMIN } from '../support/build-app.js'
import { multipart, MULTIPART } from '../files/helpers.js'

const ajv = new Ajv({ allErrors: true, strict: false })
addFormats.default(ajv)
const validPackage = ajv.compile(CkanPackage)
const validResource = ajv.compile(CkanResource)

export const METRO_CKAN_ID = '4a1f0c2e-9b7d-4c3e-8f21-5d6a7b8c9d0e'
export const LEGACY_GROUP_ID = '7c0a3b1d-2e4f-4a5b-9c6d-8e7f6a5b4c3d'

/** Every package dict must pass data.gouv.fr's gate: a failing one would be dropped by its harvester. */
export function assertPackage (t: Test, dict: unknown): void {
  if (!validPackage(dict)) t.fail(`package dict refused: ${ajv.errorsText(validPackage.errors)}`, { dict })
  for (const resource of (dict as { resources?: unknown[] }).resources ?? []) assertResource(t, resource)
}

export function assertResource (t: Test, dict: unknown): void {
  if (!validResource(dict)) t.fail(`resource dict refused: ${ajv.errorsText(validResource.errors)}`, { dict })
}

export async function put (app: FastifyInstance, slug: string, payload: Record<string, unknown>): Promise<{ id: string }> {
  const res = await app.inject({ method: 'PUT', url: `/datasets/${slug}`, headers: ADMIN, payload: { publisher: 'metropole', ...payload } })
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(res.body)
  return res.json()
}

export async function link (app: FastifyInstance, slug: string, payload: Record<string, unknown>): Promise<{ id: string }> {
  const res = await app.inject({ method: 'POST', url: `/datasets/${slug}/distributions`, headers: ADMIN, payload })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json()
}

export interface Seeded {
  ids: Record<string, string>
  upload: string
  link: string
}

/**
 * Two publishers (metropole imported from CKAN with its organisation UUID), six published datasets, one
 * draft, one deleted, one renamed (its old slug kept), one in a legacy group with imported extras.
 */
export async function seedCatalogue (app: FastifyInstance): Promise<Seeded> {
  await app.db.insertInto('publishers').values([
    { id: 'metropole', name: 'Métropole de Grenoble', type: 'LocalAuthority', ckan_id: METRO_CKAN_ID, email: 'opendata@metro.example', homepage: 'https://metro.example' },
    { id: 'ville', name: 'Ville de Grenoble', type: 'LocalAuthority' }
  ]).execute()
  const ids: Record<string, string> = {}
  const add = async (slug: string, payload: Record<string, unknown>) => { ids[slug] = (await put(app, slug, payload)).id }
  await add('les-arbres-de-grenoble', {
    title: 'Les arbres de Grenoble',
    description: 'Inventaire des arbres d\'alignement.',
    keywords: ['arbres', 'environnement'],
    themes: ['ENVI'],
    licence: 'etalab-2.0',
    frequency: 'ANNUAL',
    temporal: { start: '2020-01-01', end: '2024-12-31' },
    spatial: { bbox: [5.67, 45.15, 5.76, 45.21] },
    contactPoint: { name: 'Service SIG', email: 'sig@metro.example' },
    language: ['FRA']
  })
  await add('espnat_sentier_poteaux_metro', { title: 'Sentiers et poteaux', keywords: ['sentiers', 'randonnée'], themes: ['ENVI', 'TRAN'], licence: 'odbl-1.0' })
  await add('horaires-tram', { title: 'Horaires du tramway', description: 'Horaires théoriques GTFS.', keywords: ['transport', 'tram'], themes: ['TRAN'], licence: 'etalab-2.0' })
  await add('budget-ville', { publisher: 'ville', title: 'Budget primitif', keywords: ['finances'], themes: ['GOVE'], licence: 'etalab-2.0' })
  await add('qualite-air', { publisher: 'ville', title: 'Qualité de l\'air', description: 'Mesures horaires des stations.', keywords: ['air', 'pollution'], themes: ['ENVI'], licence: 'cc-by-4.0' })
  await add('ancien-nom', { publisher: 'ville', title: 'Parkings relais', keywords: ['parking'], themes: ['TRAN'] })
  await add('brouillon-secret', { title: 'Arbres secrets', status: 'draft', keywords: ['arbres', 'secret'], themes: ['ENVI'], licence: 'etalab-2.0' })
  await add('supprime', { title: 'Arbres supprimés', keywords: ['arbres'], themes: ['ENVI'], licence: 'etalab-2.0' })
  await app.inject({ method: 'DELETE', url: '/datasets/supprime', headers: ADMIN })
  await put(app, 'ancien-nom', { publisher: 'ville', slug: 'parkings-relais', title: 'Parkings relais', keywords: ['parking'], themes: ['TRAN'] })
  ids['parkings-relais'] = ids['ancien-nom']!

  const linked = await link(app, 'horaires-tram', { title: 'GTFS', downloadUrl: 'https://transport.example/gtfs.zip', format: 'ZIP', mediaType: 'application/zip' })
  await link(app, 'horaires-tram', { title: 'Flux WMS', accessUrl: 'https://transport.example/wms', format: 'WMS_SRVC' })
  await link(app, 'qualite-air', { title: 'Mesures CSV', downloadUrl: 'https://air.example/mesures.csv', format: 'CSV' })
  await link(app, 'brouillon-secret', { title: 'Secret CSV', downloadUrl: 'https://secret.example/s.csv', format: 'CSV' })
  const uploaded = await app.inject({
    method: 'POST',
    url: '/datasets/les-arbres-de-grenoble/distributions',
    headers: { ...ADMIN, 'content-type': MULTIPART },
    payload: multipart(['title', 'Arbres CSV'], { filename: 'arbres.csv', content: 'id;espece\n1;platane\n', contentType: 'text/csv' })
  })
  if (uploaded.statusCode !== 201) throw new Error(uploaded.body)

  await app.db.insertInto('legacy_groups').values({ id: LEGACY_GROUP_ID, name: 'nature-en-ville', title: 'Nature en ville' }).execute()
  await app.db.insertInto('dataset_legacy_groups').values({ dataset_id: ids['les-arbres-de-grenoble']!, group_id: LEGACY_GROUP_ID }).execute()
  await app.db.insertInto('dataset_provenance').values({
    dataset_id: ids['les-arbres-de-grenoble']!,
    source_kind: 'ckan',
    source_url: 'https://data.metropolegrenoble.fr/ckan',
    source_id: ids['les-arbres-de-grenoble']!,
    fetched_at: new Date().toISOString(),
    content_hash: 'x',
    raw: JSON.stringify({ extras: [{ key: 'harvest_url', value: 'https://old.example/x' }, { key: 'frequency', value: 'old value loses' }] })
  }).execute()
  return { ids, upload: (uploaded.json() as { id: string }).id, link: linked.id }
}

export interface CkanAnswer { status: number, body: any, res: LightMyRequestResponse }

/** GET `{root}/api/3/action/{name}?{query}`. */
export async function ckanGet (app: FastifyInstance, name: string, query = '', options: { root?: string, headers?: Record<string, string>, version?: string } = {}): Promise<CkanAnswer> {
  const res = await app.inject({ method: 'GET', url: `${options.root ?? ''}/api${options.version ?? '/3'}/action/${name}${query === '' ? '' : `?${query}`}`, headers: options.headers ?? {} })
  return { status: res.statusCode, body: res.headers['content-type']?.toString().startsWith('application/json') ? res.json() : res.body, res }
}

/** POST a JSON body (or a raw one) to `{root}/api/action/{name}`, as ckanapi does. */
export async function ckanPost (app: FastifyInstance, name: string, payload: unknown, options: { root?: string, headers?: Record<string, string>, version?: string } = {}): Promise<CkanAnswer> {
  const res = await app.inject({
    method: 'POST',
    url: `${options.root ?? ''}/api${options.version ?? ''}/action/${name}`,
    headers: { 'content-type': 'application/json', ...options.headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload)
  })
  return { status: res.statusCode, body: res.headers['content-type']?.toString().startsWith('application/json') ? res.json() : res.body, res }
}
