// A CKAN site's registries: license_list (its own licence ids), organisations (→ publishers, their UUIDs
// kept in publishers.ckan_id) and groups (→ legacy_groups). Read once, before the datasets.
import type { ImportContext } from '../context.js'
import { email, httpUrl, text } from '../check.js'
import { SourceError } from '../http.js'
import type { Outcome } from '../report.js'
import { slugOfName } from '../slug.js'
import { upsertLegacyGroup } from '../store.js'
import type { CkanApi } from './api.js'
import { Extras, type PackageDict } from './extras.js'
import type { SiteRegistries } from './map-package.js'

const PAGE = 1000
/** The ADMS type of an imported organisation when its extras name none: the portal's members are public bodies. */
const DEFAULT_PUBLISHER_TYPE = 'LocalAuthority'

export async function readRegistries (context: ImportContext, api: CkanApi): Promise<SiteRegistries> {
  const registries: SiteRegistries = { licences: await siteLicences(context, api), publishers: new Map(), groups: new Map() }
  if (context.options.publisher === undefined) {
    for (const name of await names(context, api, 'organization_list')) await importOrganisation(context, api, name, registries)
  }
  for (const name of await names(context, api, 'group_list')) await importGroup(context, api, name, registries)
  return registries
}

async function siteLicences (context: ImportContext, api: CkanApi): Promise<SiteRegistries['licences']> {
  const licences: SiteRegistries['licences'] = new Map()
  try {
    const list = await api.action<unknown>('license_list')
    for (const entry of Array.isArray(list) ? list as PackageDict[] : []) {
      if (typeof entry.id !== 'string') continue
      licences.set(entry.id, {
        ...(typeof entry.title === 'string' ? { title: entry.title } : {}),
        ...(typeof entry.url === 'string' && entry.url !== '' ? { url: entry.url } : {})
      })
    }
  } catch (err) {
    if (!(err instanceof SourceError)) throw err
    context.report.warn(`license_list could not be read (${err.message}): licences are matched on the datasets' own titles and URLs`)
  }
  return licences
}

/** Every name of organization_list or group_list, paged; a list that cannot be read is a warning. */
async function names (context: ImportContext, api: CkanApi, action: string): Promise<string[]> {
  const all: string[] = []
  let previous = ''
  try {
    for (let offset = 0; ; offset += PAGE) {
      const page = await api.action<unknown>(action, { limit: PAGE, offset })
      if (!Array.isArray(page) || page.length === 0) break
      const signature = JSON.stringify(page)
      // Old CKANs ignore offset: the same page twice means the list is complete.
      if (signature === previous) break
      previous = signature
      all.push(...page.filter((name): name is string => typeof name === 'string'))
      if (page.length < PAGE) break
    }
  } catch (err) {
    if (!(err instanceof SourceError)) throw err
    context.report.warn(`${action} could not be read: ${err.message}`)
  }
  return [...new Set(all)]
}

async function importOrganisation (context: ImportContext, api: CkanApi, name: string, registries: SiteRegistries): Promise<void> {
  let org: PackageDict
  try {
    org = await api.action<PackageDict>('organization_show', { id: name, include_datasets: false, include_users: false })
  } catch (err) {
    if (!(err instanceof SourceError)) throw err
    context.report.add({ type: 'publisher', outcome: 'failed', sourceId: name, reason: err.message })
    return
  }
  const ckanId = typeof org.id === 'string' ? org.id.toLowerCase() : null
  if (ckanId === null) {
    context.report.add({ type: 'publisher', outcome: 'failed', sourceId: name, reason: 'organization_show gave no id' })
    return
  }
  const extras = new Extras(org)
  const values = {
    name: text(org.title, 200) ?? text(org.name, 200) ?? name,
    type: context.vocabularies.publisherType(extras.string('publisher_type', 'type_organisation') ?? '') ?? DEFAULT_PUBLISHER_TYPE,
    homepage: httpUrl(extras.string('website', 'homepage', 'url')),
    email: email(extras.string('email', 'contact_email'))
  }
  const { db } = context.deps
  const byCkanId = await db.selectFrom('publishers').selectAll().where('ckan_id', '=', ckanId).executeTakeFirst()
  const slug = slugOfName(typeof org.name === 'string' ? org.name : name)
  const bySlug = byCkanId ?? await db.selectFrom('publishers').selectAll().where('id', '=', slug).executeTakeFirst()
  if (bySlug !== undefined && bySlug.ckan_id !== null && bySlug.ckan_id !== ckanId) {
    context.report.add({ type: 'publisher', outcome: 'failed', sourceId: ckanId, id: slug, reason: `publisher ${slug} belongs to another CKAN organisation (${bySlug.ckan_id})` })
    return
  }
  let outcome: Outcome = 'created'
  if (bySlug !== undefined) {
    const same = bySlug.ckan_id === ckanId && bySlug.name === values.name && bySlug.type === values.type &&
      bySlug.homepage === values.homepage && bySlug.email === values.email
    outcome = same ? 'unchanged' : 'updated'
  }
  const id = bySlug?.id ?? slug
  if (!context.dryRun && outcome === 'created') await db.insertInto('publishers').values({ id, ...values, ckan_id: ckanId }).execute()
  if (!context.dryRun && outcome === 'updated') {
    await db.updateTable('publishers').set({ ...values, ckan_id: ckanId, updated_at: new Date() }).where('id', '=', id).execute()
  }
  registries.publishers.set(ckanId, id)
  context.report.add({ type: 'publisher', outcome, sourceId: ckanId, id, title: values.name })
}

async function importGroup (context: ImportContext, api: CkanApi, name: string, registries: SiteRegistries): Promise<void> {
  try {
    const group = await api.action<PackageDict>('group_show', { id: name, include_datasets: false, include_users: false })
    const id = typeof group.id === 'string' ? group.id.toLowerCase() : undefined
    if (id === undefined || !/^[0-9a-f-]{36}$/.test(id)) throw new SourceError(`group ${name} has no UUID`)
    const row = {
      id,
      name: typeof group.name === 'string' ? group.name : name,
      title: text(group.title, 500) ?? name,
      description: typeof group.description === 'string' ? group.description : '',
      image_url: httpUrl(group.image_display_url ?? group.image_url)
    }
    const saved = await upsertLegacyGroup(context.deps.db, { url: api.site, id }, row, context.dryRun)
    registries.groups.set(id, saved.id)
    registries.groups.set(row.name, saved.id)
    context.report.add({
      type: 'group',
      outcome: saved.outcome,
      sourceId: id,
      id: saved.id,
      title: row.title,
      ...(saved.renamed === undefined ? {} : { warnings: [`group ${row.name} belongs to another source: imported as ${saved.renamed}`] })
    })
  } catch (err) {
    if (!(err instanceof SourceError) && !isUniqueViolation(err)) throw err
    context.report.add({ type: 'group', outcome: 'failed', sourceId: name, reason: (err as Error).message })
  }
}

function isUniqueViolation (err: unknown): boolean {
  return (err as { code?: string }).code === '23505'
}
