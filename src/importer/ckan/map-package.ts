// A CKAN package dict (package_show) to the dataset Bastille stores: UUIDs and name kept, extras read
// into the DCAT fields, licence resolved through the site's own license_list (ckan-compat §3.2-§3.5).
import type { ImportContext } from '../context.js'
import { email, httpUrl, isoDate, text, timestamp } from '../check.js'
import { bboxOf, validBbox } from '../geometry.js'
import type { ImportedDataset, ImportedDistribution } from '../model.js'
import { slugOfName } from '../slug.js'
import type { CkanApi } from './api.js'
import { Extras, type PackageDict } from './extras.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface SiteRegistries {
  /** license_list: id → title and URL. */
  licences: Map<string, { title?: string, url?: string }>
  /** CKAN organisation id → Bastille publisher id. */
  publishers: Map<string, string>
  /** CKAN group id or name → legacy group id, for the groups imported. */
  groups: Map<string, string>
}

export type Mapped = { record: ImportedDataset } | { skip: string }

const str = (value: unknown): string | undefined => typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

export function mapPackage (context: ImportContext, api: CkanApi, site: SiteRegistries, pkg: PackageDict): Mapped {
  const id = str(pkg.id)
  const name = str(pkg.name)
  if (id === undefined || name === undefined) return { skip: 'the package has no id or no name' }
  if (pkg.type !== undefined && pkg.type !== null && pkg.type !== 'dataset') return { skip: `type ${String(pkg.type)} is not a dataset` }
  if (pkg.state === 'deleted') return { skip: 'deleted in the source' }
  const org = str(pkg.owner_org) ?? str((pkg.organization as PackageDict | null | undefined)?.id)
  const publisher = context.options.publisher ?? (org === undefined ? undefined : site.publishers.get(org))
  if (publisher === undefined) return { skip: org === undefined ? 'no organisation, and no publisher given for such datasets' : `its organisation ${org} was not imported` }

  const warnings: string[] = []
  const extras = new Extras(pkg)
  const vocab = context.vocabularies
  const codes = (values: string[], resolve: (v: string) => string | null, what: string): string[] => {
    const out: string[] = []
    for (const value of values) {
      const code = resolve(value)
      if (code === null) warnings.push(`${what} ${value} is not in Bastille's vocabulary`)
      else if (!out.includes(code)) out.push(code)
    }
    return out
  }

  const groups = Array.isArray(pkg.groups) ? pkg.groups as PackageDict[] : []
  const groupThemes = groups.flatMap(group => context.options.groupThemes?.[String(group.name)] ?? [])
  const themes = codes([...extras.list('theme'), ...groupThemes], v => vocab.theme(v), 'theme')

  const tags = Array.isArray(pkg.tags) ? pkg.tags as PackageDict[] : []
  const keywords = [...new Set(tags.map(tag => str(tag.name)).filter((tag): tag is string => tag !== undefined))]
  const goodKeywords = keywords.filter(keyword => keyword.length <= 100).slice(0, 100)
  if (goodKeywords.length < keywords.length) warnings.push(`${keywords.length - goodKeywords.length} tag(s) too long or beyond 100 were dropped`)

  const licenceId = str(pkg.license_id)
  let licence: string | null = null
  if (licenceId !== undefined) {
    const known = site.licences.get(licenceId)
    const match = context.licences.resolve({ id: licenceId, url: known?.url ?? str(pkg.license_url), title: known?.title ?? str(pkg.license_title) })
    context.report.licence(match.label, match.licence, match.how)
    licence = match.licence
    if (licence === null) warnings.push(`licence ${licenceId} matches no Bastille licence`)
  }

  const frequencyValue = extras.string('frequency', 'frequency-of-update')
  const frequency = frequencyValue === undefined ? null : vocab.frequency(frequencyValue)
  if (frequencyValue !== undefined && frequency === null) warnings.push(`frequency ${frequencyValue} is not in Bastille's vocabulary`)
  const accessValue = extras.string('access_rights')
  const accessRights = accessValue === undefined ? null : vocab.accessRights(accessValue)

  const coverage = extras.first('temporal_coverage')
  let start = isoDate(extras.string('temporal_start', 'temporal-extent-begin') ?? coverage?.start)
  let end = isoDate(extras.string('temporal_end', 'temporal-extent-end') ?? coverage?.end)
  if (start !== null && end !== null && start > end) {
    warnings.push(`temporal coverage ${start}/${end} ends before it starts: dropped`)
    start = end = null
  }

  const place = extras.first('spatial_coverage')
  const bbox = bboxOf(extras.value('spatial_bbox', 'spatial') ?? place?.bbox ?? place?.geom) ?? isoBbox(extras)
  const spatialUri = httpUrl(extras.string('spatial_uri', 'spatial-uri') ?? place?.uri)

  const contact = extras.first('contact')
  const contactPoint = {
    name: text(extras.string('contact_name') ?? str(contact?.name) ?? str(pkg.maintainer) ?? str(pkg.author), 200),
    email: email(extras.string('contact_email') ?? str(contact?.email) ?? str(pkg.maintainer_email) ?? str(pkg.author_email)),
    url: httpUrl(extras.string('contact_url', 'contact_uri') ?? contact?.url ?? contact?.uri)
  }
  const hasContact = contactPoint.name !== null || contactPoint.email !== null || contactPoint.url !== null

  const version = text(pkg.version, 100)
  const record: ImportedDataset = {
    sourceId: id,
    id: UUID.test(id) ? id.toLowerCase() : null,
    slug: slugOfName(name),
    publisher,
    body: {
      identifier: id,
      title: str(pkg.title) ?? name,
      description: typeof pkg.notes === 'string' ? pkg.notes : '',
      keywords: goodKeywords,
      themes,
      licence,
      accessRights: (accessRights ?? 'PUBLIC') as 'PUBLIC',
      frequency,
      temporal: start === null && end === null ? null : { start, end },
      spatial: bbox === null && spatialUri === null ? null : { bbox, uri: spatialUri },
      landingPage: httpUrl(pkg.url),
      contactPoint: hasContact ? contactPoint : null,
      language: codes(extras.list('language', 'metadata-language'), v => vocab.language(v), 'language'),
      conformsTo: extras.list('conforms_to').map(httpUrl).filter((url): url is string => url !== null).slice(0, 20),
      version,
      issued: timestamp(extras.string('issued', 'dcat_issued') ?? pkg.metadata_created),
      // Private and draft datasets come in as drafts: only their publisher and admins see them (SPEC §5).
      status: pkg.private === true || pkg.private === 'True' || pkg.state === 'draft' ? 'draft' : 'published'
    },
    modified: timestamp(extras.string('modified', 'dcat_modified') ?? pkg.metadata_modified),
    groups: [...new Set(groups.map(group => site.groups.get(String(group.id)) ?? site.groups.get(String(group.name))).filter((g): g is string => g !== undefined))],
    distributions: [],
    raw: pkg,
    warnings
  }
  const resources = Array.isArray(pkg.resources) ? pkg.resources as PackageDict[] : []
  resources.sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0))
  for (const [position, resource] of resources.entries()) {
    if (resource.state === 'deleted') continue
    const distribution = mapResource(context, api, resource, position, pkg.metadata_modified)
    if (typeof distribution === 'string') context.report.add({ type: 'distribution', outcome: 'skipped', sourceId: String(resource.id ?? position), reason: distribution })
    else record.distributions.push(distribution)
  }
  return { record }
}

/** ckanext-spatial's bbox-* extras. */
function isoBbox (extras: Extras): number[] | null {
  const sides = ['bbox-west-long', 'bbox-south-lat', 'bbox-east-long', 'bbox-north-lat'].map(key => Number(extras.string(key) ?? NaN))
  return validBbox(sides)
}

const SERVICE_FORMATS = new Set(['WMS_SRVC', 'WFS_SRVC', 'WCS_SRVC', 'MAP_SRVC', 'REST', 'SPARQLQ'])

/** A resource to a distribution, or the reason it is left out. */
function mapResource (context: ImportContext, api: CkanApi, resource: PackageDict, position: number, packageModified: unknown): ImportedDistribution | string {
  const id = str(resource.id) ?? `position-${position}`
  const url = httpUrl(resource.url)
  const label = str(resource.format) ?? str(resource.mimetype) ?? '(none)'
  const format = context.vocabularies.format(str(resource.format), str(resource.mimetype))
  context.report.format(label, format.code, format.how)
  const size = typeof resource.size === 'number' && Number.isSafeInteger(resource.size) && resource.size >= 0 ? resource.size : null
  const hash = typeof resource.hash === 'string' && /^[0-9a-f]{64}$/i.test(resource.hash) ? resource.hash.toLowerCase() : null
  const fileUrl = hostedFileUrl(api, resource, id, url)
  if (url === null && fileUrl === null) return `URL ${JSON.stringify(resource.url ?? null)} is not an http(s) URL`
  const isService = resource.resource_type === 'api' || (format.code !== null && SERVICE_FORMATS.has(format.code))
  const mediaType = str(resource.mimetype)
  const modified = timestamp(resource.last_modified ?? resource.metadata_modified ?? packageModified)
  return {
    sourceId: id,
    id: UUID.test(id) ? id.toLowerCase() : null,
    body: {
      title: text(resource.name, 500) ?? fileNameOf(url ?? fileUrl!) ?? `Resource ${position + 1}`,
      description: typeof resource.description === 'string' && resource.description.trim() !== '' ? resource.description : null,
      ...(isService && fileUrl === null ? { accessUrl: url } : { downloadUrl: fileUrl ?? url }),
      mediaType: mediaType !== undefined && /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+$/.test(mediaType) ? mediaType : null,
      format: format.code,
      byteSize: size,
      checksum: hash === null ? null : { algorithm: 'sha256', value: hash },
      issued: timestamp(resource.created)
    },
    file: fileUrl === null
      ? null
      : { url: fileUrl, headers: api.headersFor(fileUrl), marker: [fileUrl, size, resource.hash, resource.last_modified].join('|'), sha256: hash, size },
    modified
  }
}

/** The URL to download when the CKAN site hosts the bytes: uploads, DataStore tables, download paths. */
function hostedFileUrl (api: CkanApi, resource: PackageDict, id: string, url: string | null): string | null {
  if (resource.url_type === 'datastore') return `${api.site}/datastore/dump/${encodeURIComponent(id)}`
  if (url === null) return null
  if (resource.url_type === 'upload') return url
  // Some portals lost url_type: a download path on the site itself is still an upload (ckan-compat §3.1).
  const onSite = url.startsWith(`${new URL(api.site).origin}/`) && /\/dataset\/[^/]+\/resource\/[^/]+\/download\//.test(url)
  return onSite ? url : null
}

function fileNameOf (url: string): string | null {
  const last = new URL(url).pathname.split('/').filter(Boolean).pop()
  if (last === undefined) return null
  try {
    return text(decodeURIComponent(last), 500)
  } catch {
    return text(last, 500)
  }
}
