// A dataset as a schema.org Dataset (Google Dataset Search), mapped from the same views as the DCAT-AP
// feed: pure, no database. Mapping and Google's rules: ../shared/notes/future-features.md §5.
import type { AgentView, DatasetView, DistributionView } from '../dcat/types.js'
import { markdownText } from './markdown.js'

type Json = Record<string, unknown>

/** Google asks for a description of 50 to 5,000 characters. */
export const DESCRIPTION_MIN = 50
export const DESCRIPTION_MAX = 5000

/** The description as plain text within Google's bounds: a short one is completed with who publishes it. */
/** The catalogue the dataset is in: its title and home page. */
export interface CatalogInfo { name: string, url: string }

export function schemaDescription (dataset: DatasetView, catalog: CatalogInfo): string {
  let text = markdownText(dataset.description)
  if (text.length < DESCRIPTION_MIN) {
    text = `${text === '' ? dataset.title : text.replace(/\.?$/, '.')} Jeu de données publié par ${dataset.publisher.name} sur ${catalog.name}.`
  }
  if (text.length > DESCRIPTION_MAX) text = `${text.slice(0, DESCRIPTION_MAX - 1).replace(/\s+\S*$/, '')}…`
  return text
}

function organization (agent: AgentView, contact: DatasetView['contactPoint'] = null): Json {
  return {
    '@type': 'Organization',
    '@id': agent.uri,
    name: agent.name,
    url: agent.homepage ?? agent.uri,
    ...(contact === null
      ? {}
      : {
          contactPoint: {
            '@type': 'ContactPoint',
            contactType: 'customer service',
            ...(contact.name === null ? {} : { name: contact.name }),
            ...(contact.email === null ? {} : { email: contact.email }),
            ...(contact.url === null ? {} : { url: contact.url })
          }
        })
  }
}

/** A download needs a URL to fetch: distributions with neither download nor access URL are left out. */
function dataDownload (distribution: DistributionView, dataset: DatasetView): Json | null {
  const contentUrl = distribution.downloadUrl ?? distribution.accessUrl
  if (contentUrl === null) return null
  const encodingFormat = distribution.mediaType ?? distribution.format?.code ?? null
  const licence = distribution.licence ?? dataset.licence
  return {
    '@type': 'DataDownload',
    name: distribution.title,
    ...(distribution.description === null || distribution.description === '' ? {} : { description: markdownText(distribution.description) }),
    contentUrl,
    ...(encodingFormat === null ? {} : { encodingFormat }),
    ...(distribution.byteSize === null ? {} : { contentSize: `${distribution.byteSize} B` }),
    ...(licence === null ? {} : { license: licence.uri }),
    ...(distribution.issued === null ? {} : { datePublished: distribution.issued.toISOString() }),
    dateModified: distribution.modified.toISOString()
  }
}

/** `start/end`, `..` for an open end (ISO 8601 intervals as Google reads them). */
function temporalCoverage (temporal: DatasetView['temporal']): string | null {
  if (temporal === null) return null
  if (temporal.end === null) return `${temporal.start!}/..`
  return `${temporal.start ?? '..'}/${temporal.end}`
}

/** A Place: the bbox as a GeoShape box, "south west north east" (lat lon order, unlike DCAT's lon lat). */
function spatialCoverage (spatial: DatasetView['spatial']): Json | null {
  if (spatial === null) return null
  const place: Json = { '@type': 'Place' }
  if (spatial.uri !== null) place.sameAs = spatial.uri
  if (spatial.bbox !== null) {
    const [west, south, east, north] = spatial.bbox
    place.geo = { '@type': 'GeoShape', box: `${south} ${west} ${north} ${east}` }
  }
  return place
}

export function schemaOrgDataset (dataset: DatasetView, catalog: CatalogInfo): Json {
  const publisher = organization(dataset.publisher, dataset.contactPoint)
  const downloads = dataset.distributions.map((d) => dataDownload(d, dataset)).filter((d): d is Json => d !== null)
  const temporal = temporalCoverage(dataset.temporal)
  const spatial = spatialCoverage(dataset.spatial)
  const keywords = [...dataset.keywords, ...dataset.themes.map((theme) => theme.labelFr)]
  return {
    '@context': 'https://schema.org/',
    '@type': 'Dataset',
    '@id': dataset.uri,
    name: dataset.title,
    description: schemaDescription(dataset, catalog),
    url: dataset.landingPage,
    identifier: dataset.identifier,
    ...(keywords.length === 0 ? {} : { keywords }),
    ...(dataset.licence === null ? {} : { license: dataset.licence.uri }),
    isAccessibleForFree: dataset.accessRights.code === 'PUBLIC',
    creator: publisher,
    publisher,
    ...(dataset.version === null ? {} : { version: dataset.version }),
    ...(dataset.issued === null ? {} : { datePublished: dataset.issued.toISOString() }),
    dateModified: dataset.modified.toISOString(),
    ...(temporal === null ? {} : { temporalCoverage: temporal }),
    ...(spatial === null ? {} : { spatialCoverage: spatial }),
    ...(downloads.length === 0 ? {} : { distribution: downloads }),
    includedInDataCatalog: { '@type': 'DataCatalog', name: catalog.name, url: catalog.url }
  }
}

/**
 * JSON for a `<script type="application/ld+json">` element: `<` written as `\u003c` so that no
 * `</script>` or `<!--` in a publisher's text can end the element; still the same JSON.
 */
export function scriptJson (value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}
