// Reads a whole CKAN site (ckan-compat §3.1): finds the API, lists datasets two ways (package_list and
// package_search by `id asc`), reads each with package_show and writes it, then a delta pass catches
// what changed during the crawl.
import { ImportError, type ImportContext } from '../context.js'
import { SourceError } from '../http.js'
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { WriteBatch } from '../batch.js'
import { forEachConcurrently } from '../pool.js'
import type { ProvenanceSummary } from '../store.js'
import { CkanApi, type Params } from './api.js'
import type { PackageDict } from './extras.js'
import { mapPackage, type SiteRegistries } from './map-package.js'
import { readRegistries } from './registries.js'

const ROWS = 1000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** Bumped when the mapping of a package dict changes: records imported before are then read again. */
const MAPPING_VERSION = 1
/** The delta pass looks this far before the crawl started, as ckanext-harvest does. */
const DELTA_MARGIN_MS = 60 * 60 * 1000

interface Listing {
  /** package_show keys: ids from package_search, names package_list alone gave. */
  keys: string[]
  /** id → metadata_modified as package_search listed it. */
  modified: Map<string, string>
  complete: boolean
}

export async function importCkan (context: ImportContext): Promise<void> {
  checkGroupThemes(context)
  const api = await CkanApi.discover(context.http, context.options.url, context.options.token)
  context.sourceUrl = api.site
  context.progress(`CKAN API found at ${api.site}/api/3/action`)
  const registries = await readRegistries(context, api)
  context.progress(`${registries.publishers.size} organisation(s), ${new Set(registries.groups.values()).size} group(s), ${registries.licences.size} licence(s) read`)
  context.fingerprint = fingerprint(context, registries)
  const crawlStart = new Date()
  const listing = await listDatasets(context, api)
  context.progress(`${listing.keys.length} dataset(s) listed`)
  /** id → metadata_modified as package_show gave it (or as listed, for a record skipped unread). */
  const read = new Map<string, string>()
  const unread = await skipUnchanged(context, listing, read)
  if (unread.length < listing.keys.length) context.progress(`${listing.keys.length - unread.length} dataset(s) unchanged since the last import: not read again`)
  const writes = new WriteBatch(context)
  let done = 0
  let unreadName = false
  const importOne = async (key: string): Promise<void> => {
    const ok = await importPackage(context, api, registries, key, read, writes)
    // A dataset known only by name that cannot be read may be one recorded under its id: nothing is then "vanished".
    if (!ok && !UUID.test(key)) unreadName = true
    done++
    if (done % 100 === 0 || done === unread.length) context.progress(`${done}/${unread.length} dataset(s) read`)
  }
  await forEachConcurrently(unread, context.options.concurrency ?? 3, importOne, context.options.signal)
  await writes.flush()
  await deltaPass(context, api, registries, crawlStart, read, writes)
  context.listingComplete = listing.complete && !unreadName
}

/** What shapes the mapping besides each package dict: options, the site's registries, the mapping's version. */
function fingerprint (context: ImportContext, registries: SiteRegistries): string {
  const { groupThemes, licences, publisher } = context.options
  const entries = (map: Map<string, unknown>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b))
  const shape = { MAPPING_VERSION, groupThemes, licences, publisher, site: [entries(registries.licences), entries(registries.publishers), entries(registries.groups)] }
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex')
}

/**
 * Datasets whose metadata_modified is the one recorded at their last import, under the same fingerprint,
 * are reported unchanged from the provenance record without a package_show; returns the keys left to read.
 */
async function skipUnchanged (context: ImportContext, listing: Listing, read: Map<string, string>): Promise<string[]> {
  if (listing.modified.size === 0) return listing.keys
  const rows = await context.deps.db.selectFrom('dataset_provenance')
    .innerJoin('datasets', 'datasets.id', 'dataset_provenance.dataset_id')
    .select(['dataset_provenance.source_id', 'dataset_provenance.dataset_id', sql<ProvenanceSummary | null>`dataset_provenance.raw -> 'summary'`.as('summary')])
    .where('dataset_provenance.source_url', '=', context.sourceUrl).where('datasets.deleted_at', 'is', null)
    .execute()
  const known = new Map(rows.map(row => [row.source_id, row]))
  return listing.keys.filter(key => {
    const row = known.get(key)
    const summary = row?.summary
    const modified = listing.modified.get(key)
    if (row === undefined || summary == null || context.options.exclude?.includes(row.dataset_id) === true || modified === undefined || summary.modified !== modified || summary.fingerprint !== context.fingerprint) return true
    context.listed.add(key)
    context.seen.add(row.dataset_id)
    read.set(key, modified)
    context.report.dataset({
      sourceId: key,
      dataset: { type: 'dataset', outcome: 'unchanged', sourceId: key, id: row.dataset_id, title: summary.title },
      items: summary.distributions.flatMap(d => [
        { type: 'distribution' as const, outcome: 'unchanged' as const, sourceId: d.sourceId },
        ...(d.file === undefined ? [] : [{ type: 'file' as const, outcome: 'unchanged' as const, sourceId: d.file }])
      ]),
      ...(summary.distributions.length === 0 ? { withoutDistribution: { id: row.dataset_id, sourceId: key, title: summary.title } } : {})
    })
    return false
  })
}

function checkGroupThemes (context: ImportContext): void {
  const wrong = Object.entries(context.options.groupThemes ?? {}).flatMap(([group, codes]) =>
    Array.isArray(codes) ? codes.filter(code => context.vocabularies.theme(String(code)) === null).map(code => `${group} → ${String(code)}`) : [`${group}: not a list`])
  if (wrong.length > 0) throw new ImportError(`The group-theme map names unknown EU data themes: ${wrong.join(', ')}`)
}

/** The search parameters that also list private and draft datasets when a token is given. */
function searchParams (context: ImportContext, params: Params): Params {
  return context.options.token === undefined ? params : { ...params, include_private: true, include_drafts: true }
}

async function listDatasets (context: ImportContext, api: CkanApi): Promise<Listing> {
  let names: string[] | null = null
  try {
    const list = await api.action<unknown>('package_list')
    if (!Array.isArray(list)) throw new SourceError('package_list did not answer a list')
    names = list.filter((name): name is string => typeof name === 'string')
  } catch (err) {
    if (!(err instanceof SourceError)) throw err
    context.report.warn(`package_list could not be read: ${err.message}`)
  }
  const searched = await searchAll(context, api)
  if (names === null && searched === null) throw new SourceError('Neither package_list nor package_search could be read')
  const keys = [...(searched?.ids.keys() ?? [])]
  const searchedNames = new Set(searched?.ids.values() ?? [])
  const onlyListed = (names ?? []).filter(name => !searchedNames.has(name))
  if (searched !== null && onlyListed.length > 0) context.report.warn(`${onlyListed.length} dataset(s) in package_list were not in package_search`)
  return { keys: [...keys, ...onlyListed], modified: searched?.modified ?? new Map(), complete: names !== null && searched !== null && searched.complete }
}

/** package_search by `id asc`, paged until an empty page; null when its first page cannot be read. */
async function searchAll (context: ImportContext, api: CkanApi, fq?: string): Promise<{ ids: Map<string, string>, modified: Map<string, string>, complete: boolean } | null> {
  const ids = new Map<string, string>()
  const modified = new Map<string, string>()
  let count = 0
  let previous = ''
  let complete = true
  for (let start = 0; ;) {
    let page: { count?: unknown, results?: unknown }
    try {
      page = await api.action('package_search', searchParams(context, { q: '*:*', sort: 'id asc', rows: ROWS, start, ...(fq === undefined ? {} : { fq }) }))
    } catch (err) {
      if (!(err instanceof SourceError)) throw err
      if (start === 0) {
        context.report.warn(`package_search could not be read: ${err.message}`)
        return null
      }
      context.report.warn(`package_search stopped at ${start}: ${err.message}`)
      complete = false
      break
    }
    const results = Array.isArray(page.results) ? page.results as PackageDict[] : []
    count = typeof page.count === 'number' ? page.count : count
    if (results.length === 0) break
    const signature = results.map(r => String(r.id)).join(',')
    if (signature === previous) {
      context.report.warn('package_search gave the same page twice: the site ignores `start`')
      complete = false
      break
    }
    previous = signature
    for (const result of results) {
      if (typeof result.id !== 'string') continue
      ids.set(result.id, typeof result.name === 'string' ? result.name : result.id)
      if (typeof result.metadata_modified === 'string') modified.set(result.id, result.metadata_modified)
    }
    start += results.length
    if (start > count + ROWS * 10) break
  }
  if (fq === undefined && ids.size < count) {
    context.report.warn(`package_search counted ${count} dataset(s) but listed ${ids.size}`)
    complete = false
  }
  return { ids, modified, complete }
}

async function importPackage (
  context: ImportContext, api: CkanApi, registries: SiteRegistries, key: string, read: Map<string, string>, writes: WriteBatch
): Promise<boolean> {
  let pkg: PackageDict
  try {
    pkg = await api.action<PackageDict>('package_show', { id: key })
    if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) throw new SourceError('package_show did not answer a package')
  } catch (err) {
    if (!(err instanceof SourceError)) throw err
    context.listed.add(key)
    context.report.dataset({ sourceId: key, dataset: { type: 'dataset', outcome: 'failed', sourceId: key, reason: err.message }, items: [] })
    return false
  }
  const id = typeof pkg.id === 'string' ? pkg.id : key
  context.listed.add(id)
  const modified = typeof pkg.metadata_modified === 'string' ? pkg.metadata_modified : undefined
  read.set(id, modified ?? '')
  const mapped = mapPackage(context, api, registries, pkg)
  if ('skip' in mapped) {
    context.report.dataset({ sourceId: id, dataset: { type: 'dataset', outcome: 'skipped', sourceId: id, title: String(pkg.title ?? pkg.name ?? id), reason: mapped.skip }, items: [] })
    return true
  }
  if (modified !== undefined) mapped.record.sourceModified = modified
  await writes.add(mapped.record)
  return true
}

/** Datasets changed since shortly before the crawl began and not read in that state are read again. */
async function deltaPass (
  context: ImportContext, api: CkanApi, registries: SiteRegistries, crawlStart: Date, read: Map<string, string>, writes: WriteBatch
): Promise<void> {
  const since = new Date(crawlStart.getTime() - DELTA_MARGIN_MS).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
  const changed = await searchAll(context, api, `metadata_modified:[${since} TO *]`)
  if (changed === null) return
  const again = [...changed.ids.keys()].filter(id => !read.has(id) || (changed.modified.has(id) && changed.modified.get(id) !== read.get(id)))
  if (again.length === 0) return
  context.progress(`${again.length} dataset(s) changed during the crawl: reading them again`)
  await forEachConcurrently(again, context.options.concurrency ?? 3, async key => { await importPackage(context, api, registries, key, read, writes) }, context.options.signal)
  await writes.flush()
}
