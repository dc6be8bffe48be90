// Loads a realistic catalogue straight into the database, in multi-row batches: the bench needs 50,000
// datasets in well under two minutes, and tests reuse it at small N. Deterministic for a given seed.
import { sql, type Kysely } from 'kysely'
import type { DB, NewDatasetRow, NewDistributionRow } from '../src/db/types.js'
import { createRandom, type Random } from './lib/prng.js'
import { FORMATS, FREQUENCY_WORDS, PLACES, PUBLISHERS, SOURCES, SUBJECTS, type Subject } from './lib/catalogue-text.js'

export interface GenerateOptions {
  datasets: number
  /** Distributions of each dataset (default 3). */
  distributionsPerDataset?: number
  seed?: number
  /** Share of datasets left as drafts, from 0 (default) to 1. */
  draftRatio?: number
}

export interface GeneratedCatalogue {
  publisherIds: string[]
  datasetIds: string[]
}

const BATCH = 1000
/** Every date is before this instant, so nothing is "in the future" (SPEC §4). */
const ANCHOR = Date.parse('2026-01-01T00:00:00Z')
const DAY = 86_400_000
const LICENCE_WEIGHTS: Readonly<Record<string, number>> = { lov2: 12, 'odc-odbl': 4, 'fr-lo': 2, 'cc-by': 2, notspecified: 0.3 }

interface Pools {
  licences: Array<readonly [string, number]>
  /** Codes per vocabulary when the vocabulary is seeded, else null (every code accepted). */
  known: Map<string, Set<string>>
}

async function loadPools (db: Kysely<DB>): Promise<Pools> {
  const licences = await db.selectFrom('licences').select('id').orderBy('id').execute()
  const terms = await db.selectFrom('vocabulary_terms').select(['vocabulary', 'code']).orderBy('vocabulary').orderBy('code').execute()
  const known = new Map<string, Set<string>>()
  for (const { vocabulary, code } of terms) {
    const codes = known.get(vocabulary) ?? new Set<string>()
    codes.add(code)
    known.set(vocabulary, codes)
  }
  return { licences: licences.map(({ id }) => [id, LICENCE_WEIGHTS[id] ?? 1] as const), known }
}

function accepts (pools: Pools, vocabulary: string, code: string): boolean {
  return pools.known.get(vocabulary)?.has(code) ?? true
}

function slugify (text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60)
}

function isoDate (ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

function describe (rng: Random, subject: Subject, place: string, frequency: string): string {
  const fields = rng.sample(['identifiant', 'nom', 'adresse', 'commune', 'latitude', 'longitude', 'date de mise à jour', 'gestionnaire'], 4)
  return [
    `Ce jeu de données recense chaque ${subject.item} sur le territoire de ${place}.`,
    `Les données sont issues ${rng.pick(SOURCES)} et mises à jour ${FREQUENCY_WORDS[frequency] ?? 'régulièrement'}.`,
    '',
    'Principaux champs :',
    ...fields.map(field => `- ${field}`),
    '',
    rng.pick([
      'Les coordonnées sont exprimées en WGS 84.',
      'Réutilisation libre sous réserve de mentionner la source.',
      'Certaines informations peuvent être incomplètes pour les années les plus anciennes.',
      'Les données à caractère personnel ont été retirées.'
    ])
  ].join('\n')
}

interface Built {
  dataset: NewDatasetRow & { id: string }
  distributions: NewDistributionRow[]
}

function buildDataset (rng: Random, pools: Pools, index: number, options: Required<GenerateOptions>): Built {
  const subject = rng.pick(SUBJECTS)
  const publisher = rng.pick(subject.publishers ?? PUBLISHERS.map(p => p.id))
  const publisherSeed = PUBLISHERS.find(p => p.id === publisher) ?? PUBLISHERS[0]!
  const place = rng.pick(PLACES)
  const year = rng.int(2012, 2025)
  const title = rng.chance(0.4) ? `${subject.title} – ${place} (${year})` : `${subject.title} – ${place}`
  const frequency = rng.pick(Object.keys(FREQUENCY_WORDS))
  const issued = ANCHOR - rng.int(30, 6 * 365) * DAY - rng.int(0, DAY - 1)
  const modified = Math.min(ANCHOR - 1000, issued + rng.int(0, 2 * 365) * DAY)
  const start = Date.UTC(year, rng.int(0, 11), 1)
  const west = 4.74 + rng.next() * 0.2
  const south = 45.67 + rng.next() * 0.12
  const size = 0.01 + rng.next() * 0.08
  const themes = [subject.theme, ...(rng.chance(0.2) ? [rng.pick(SUBJECTS).theme] : [])]
    .filter((theme, i, all) => all.indexOf(theme) === i && accepts(pools, 'data-theme', theme))
  const id = rng.uuid()
  const licence = pools.licences.length > 0 ? rng.weighted(pools.licences) : null
  const dataset: Built['dataset'] = {
    id,
    slug: `${slugify(title)}-${options.seed.toString(36)}-${index}`,
    identifier: rng.chance(0.1) ? `https://data.grandlyon.com/jeux-de-donnees/${slugify(subject.title)}-${index}` : null,
    publisher_id: publisher,
    title,
    description: describe(rng, subject, place, frequency),
    keywords: [...rng.sample(subject.keywords, rng.int(2, subject.keywords.length)), slugify(place).replace(/-/g, ' ')],
    themes,
    licence_id: licence,
    access_rights: rng.chance(0.03) ? 'RESTRICTED' : 'PUBLIC',
    frequency: accepts(pools, 'frequency', frequency) ? frequency : null,
    temporal_start: isoDate(start),
    temporal_end: rng.chance(0.5) ? isoDate(Math.min(ANCHOR - DAY, start + rng.int(1, 5) * 365 * DAY)) : null,
    spatial_bbox: [west, south, west + size, south + size * 0.7].map(n => Math.round(n * 1e5) / 1e5),
    spatial_uri: rng.chance(0.3) ? `http://id.insee.fr/geo/commune/${rng.pick(['69123', '69266', '69259', '69034', '69029'])}` : null,
    landing_page: null,
    contact_point: JSON.stringify({ name: `Service ${rng.pick(['open data', 'SIG', 'mobilité', 'environnement', 'finances'])} – ${publisherSeed.name}`, email: publisherSeed.email, url: `${publisherSeed.homepage}/contact` }),
    language: ['FRA'],
    conforms_to: subject.keywords.includes('gtfs') ? ['https://gtfs.org/schedule/reference/'] : [],
    version: rng.chance(0.2) ? `${rng.int(1, 4)}.${rng.int(0, 9)}` : null,
    issued: new Date(issued).toISOString(),
    modified: new Date(modified),
    status: rng.chance(options.draftRatio) ? 'draft' : 'published',
    created_at: new Date(issued).toISOString(),
    updated_at: new Date(modified).toISOString()
  }
  const base = `${publisherSeed.homepage}/donnees/${dataset.slug}`
  const distributions: NewDistributionRow[] = []
  for (let d = 0; d < options.distributionsPerDataset; d++) {
    const code = subject.formats[d % subject.formats.length] ?? 'CSV'
    const format = FORMATS[code] ?? FORMATS.CSV!
    const url = `${base}/export-${d + 1}.${format.extension}`
    distributions.push({
      id: rng.uuid(),
      dataset_id: id,
      title: `${format.label} – ${subject.title}`,
      description: rng.chance(0.5) ? `${format.label} du jeu de données, ${place}.` : null,
      access_url: url,
      download_url: url,
      media_type: format.mediaType,
      format: accepts(pools, 'file-type', code) ? code : null,
      byte_size: rng.int(2_000, 80_000_000),
      checksum_sha256: null,
      licence_id: null,
      issued: new Date(issued).toISOString(),
      modified: new Date(modified),
      created_at: new Date(issued).toISOString(),
      updated_at: new Date(modified).toISOString()
    })
  }
  return { dataset, distributions }
}

/** One JSON parameter per table rather than one parameter per column and row: far cheaper to send and parse. */
async function insertRows (db: Kysely<DB>, table: 'datasets' | 'distributions', rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const columns = Object.keys(rows[0] ?? {}).map(column => sql.id(column))
  await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns)})
    SELECT ${sql.join(columns)} FROM json_populate_recordset(NULL::${sql.table(table)}, ${JSON.stringify(rows)})`.execute(db)
}

async function insertBatch (db: Kysely<DB>, batch: Built[]): Promise<void> {
  // Rows in publisher order: the feed_stats trigger locks one row per publisher, and two batches in flight
  // that lock them in different orders deadlock.
  const ordered = [...batch].sort((a, b) => a.dataset.publisher_id.localeCompare(b.dataset.publisher_id))
  await db.transaction().execute(async trx => {
    await insertRows(trx, 'datasets', ordered.map(b => b.dataset))
    await insertRows(trx, 'distributions', ordered.flatMap(b => b.distributions))
  })
}

/** Inserts the publishers (kept when they exist), then `datasets` datasets with their distributions. */
export async function generateCatalogue (db: Kysely<DB>, options: GenerateOptions): Promise<GeneratedCatalogue> {
  const settings: Required<GenerateOptions> = { distributionsPerDataset: 3, seed: 1, draftRatio: 0, ...options }
  const rng = createRandom(settings.seed)
  const pools = await loadPools(db)
  await db.insertInto('publishers')
    .values(PUBLISHERS.map(p => ({ id: p.id, name: p.name, type: p.type, homepage: p.homepage, email: p.email })))
    .onConflict(oc => oc.column('id').doNothing())
    .execute()
  const datasetIds: string[] = []
  // The next batch is built in JavaScript while the database writes the last, but one transaction writes at
  // a time: two in flight deadlocked on the summary rows the datasets triggers keep (CI, on PostgreSQL).
  let inFlight: Promise<void> = Promise.resolve()
  for (let start = 0; start < settings.datasets; start += BATCH) {
    const batch: Built[] = []
    for (let i = start; i < Math.min(settings.datasets, start + BATCH); i++) batch.push(buildDataset(rng, pools, i, settings))
    await inFlight
    inFlight = insertBatch(db, batch)
    datasetIds.push(...batch.map(b => b.dataset.id))
  }
  await inFlight
  return { publisherIds: PUBLISHERS.map(p => p.id), datasetIds }
}
