// Feed rows → the DCAT views of src/dcat: absolute URIs from PUBLIC_URL, codes resolved to the EU
// IRIs and labels of the vocabulary tables, licences to the titles data.gouv.fr matches.
import type { Kysely } from 'kysely'
import type { Config } from '../../config.js'
import type { DB, DistributionRow, LicenceRow, PublisherRow, VocabularyTermRow } from '../../db/types.js'
import type { VocabularyName } from '../../db/vocabularies.js'
import { type FeedDatasetRow, findLicences, findTerms, firstPublisherCreated } from '../../db/catalog.js'
import type {
  AgentView, CatalogView, ConceptView, ContactPointView, DatasetView, DistributionView, LabelledConceptView, LicenceView, PublisherView
} from '../../dcat/types.js'

const EU_ACCESS_RIGHT = 'http://publications.europa.eu/resource/authority/access-right/'

export interface ViewBuilder {
  /** Views of a batch of datasets; the terms and licences they name are loaded once per request. */
  datasets: (rows: readonly FeedDatasetRow[], distributions: readonly DistributionRow[]) => Promise<DatasetView[]>
  /** The portal's catalogue, or a publisher's sub-catalogue. */
  catalog: (publisher: PublisherRow | null, modified: Date | null) => Promise<CatalogView>
}

/** `date` columns arrive as 'YYYY-MM-DD' strings (src/db/dialect.ts), whatever the column type says. */
const isoDate = (value: Date | string | null): string | null =>
  value === null ? null : typeof value === 'string' ? value : value.toISOString().slice(0, 10)

const orNull = (value: string | null | undefined): string | null => value === undefined || value === '' ? null : value

/** One builder per request: its caches hold the few reference rows a feed names. */
export function viewBuilder (db: Kysely<DB>, config: Config): ViewBuilder {
  const terms = new Map<string, VocabularyTermRow | null>()
  const licences = new Map<string, LicenceRow | null>()
  const termKey = (vocabulary: VocabularyName, code: string): string => `${vocabulary}\u0000${code}`

  async function load (termCodes: Array<[VocabularyName, string | null]>, licenceIds: Array<string | null>): Promise<void> {
    const missingTerms = new Map<VocabularyName, Set<string>>()
    for (const [vocabulary, code] of termCodes) {
      if (code === null || terms.has(termKey(vocabulary, code))) continue
      terms.set(termKey(vocabulary, code), null)
      missingTerms.set(vocabulary, (missingTerms.get(vocabulary) ?? new Set()).add(code))
    }
    const missingLicences = new Set(licenceIds.filter((id): id is string => id !== null && !licences.has(id)))
    for (const id of missingLicences) licences.set(id, null)
    const [termRows, licenceRows] = await Promise.all([findTerms(db, missingTerms), findLicences(db, missingLicences)])
    for (const row of termRows) terms.set(termKey(row.vocabulary as VocabularyName, row.code), row)
    for (const row of licenceRows) licences.set(row.id, row)
  }

  function concept (vocabulary: VocabularyName, code: string | null): ConceptView | null {
    const row = code === null ? null : terms.get(termKey(vocabulary, code)) ?? null
    return row === null ? null : { code: row.code, uri: row.uri }
  }

  function labelled (vocabulary: VocabularyName, code: string | null): LabelledConceptView | null {
    const row = code === null ? null : terms.get(termKey(vocabulary, code)) ?? null
    return row === null ? null : { code: row.code, uri: row.uri, labelFr: row.label_fr }
  }

  const concepts = <T>(values: Array<T | null>): T[] => values.filter((value): value is T => value !== null)

  function licence (id: string | null): LicenceView | null {
    const row = id === null ? null : licences.get(id) ?? null
    if (row === null) return null
    // "Not specified" has no URL: an IRI of our own, whose label udata still matches.
    return { uri: row.url ?? row.eu_uri ?? `${config.publicUrl}/licences/${encodeURIComponent(row.id)}`, title: row.title, types: row.adms_types }
  }

  function agent (publisher: Pick<PublisherRow, 'id' | 'name' | 'type' | 'homepage' | 'email'>): PublisherView {
    return {
      id: publisher.id,
      uri: `${config.publicUrl}/publishers/${encodeURIComponent(publisher.id)}`,
      name: publisher.name,
      type: labelled('publisher-type', publisher.type),
      homepage: orNull(publisher.homepage),
      email: orNull(publisher.email)
    }
  }

  function distribution (row: DistributionRow): DistributionView {
    const uri = `${config.publicUrl}/distributions/${row.id}`
    return {
      id: row.id,
      uri,
      title: row.title,
      description: row.description,
      accessUrl: orNull(row.access_url),
      // An uploaded file is served by the API itself, whatever URL the row kept.
      downloadUrl: row.file_key !== null ? `${uri}/file` : orNull(row.download_url),
      mediaType: row.media_type,
      format: concept('file-type', row.format),
      byteSize: row.byte_size === null ? null : Number(row.byte_size),
      checksumSha256: row.checksum_sha256,
      licence: licence(row.licence_id),
      issued: row.issued,
      modified: row.modified
    }
  }

  function contactPoint (row: FeedDatasetRow): ContactPointView | null {
    const contact = row.contact_point
    if (contact === null) return null
    const view = { name: orNull(contact.name), email: orNull(contact.email), url: orNull(contact.url) }
    return view.name === null && view.email === null && view.url === null ? null : view
  }

  function dataset (row: FeedDatasetRow, distributions: DistributionView[]): DatasetView {
    const uri = `${config.publicUrl}/datasets/${row.id}`
    const start = isoDate(row.temporal_start)
    const end = isoDate(row.temporal_end)
    const [west, south, east, north] = row.spatial_bbox ?? []
    const bbox = west !== undefined && south !== undefined && east !== undefined && north !== undefined
      ? [west, south, east, north] as const
      : null
    const template = config.landingPageTemplate
    return {
      id: row.id,
      uri,
      identifier: orNull(row.identifier) ?? uri,
      title: row.title,
      description: row.description,
      keywords: row.keywords,
      themes: concepts(row.themes.map((code) => labelled('data-theme', code))),
      licence: licence(row.licence_id),
      accessRights: concept('access-right', row.access_rights) ?? { code: row.access_rights, uri: EU_ACCESS_RIGHT + row.access_rights },
      frequency: concept('frequency', row.frequency),
      temporal: start === null && end === null ? null : { start, end },
      spatial: bbox === null && row.spatial_uri === null ? null : { bbox, uri: row.spatial_uri },
      landingPage: orNull(row.landing_page) ?? (template === undefined ? uri : template.replace('{slug}', encodeURIComponent(row.slug))),
      contactPoint: contactPoint(row),
      language: concepts(row.language.map((code) => concept('language', code))),
      conformsTo: row.conforms_to,
      version: row.version,
      issued: row.issued,
      modified: row.modified,
      publisher: agent({ id: row.publisher_id, name: row.publisher_name, type: row.publisher_type, homepage: row.publisher_homepage, email: row.publisher_email }),
      distributions
    }
  }

  return {
    async datasets (rows, distributionRows) {
      await load([
        ...rows.flatMap((row): Array<[VocabularyName, string | null]> => [
          ...row.themes.map((code): [VocabularyName, string] => ['data-theme', code]),
          ...row.language.map((code): [VocabularyName, string] => ['language', code]),
          ['access-right', row.access_rights], ['frequency', row.frequency], ['publisher-type', row.publisher_type]
        ]),
        ...distributionRows.map((row): [VocabularyName, string | null] => ['file-type', row.format])
      ], [...rows.map((row) => row.licence_id), ...distributionRows.map((row) => row.licence_id)])
      const byDataset = new Map<string, DistributionView[]>()
      for (const row of distributionRows) {
        const list = byDataset.get(row.dataset_id) ?? []
        list.push(distribution(row))
        byDataset.set(row.dataset_id, list)
      }
      return rows.map((row) => dataset(row, byDataset.get(row.id) ?? []))
    },

    async catalog (publisher, modified) {
      const [, issued] = await Promise.all([
        load([['language', 'FRA'], ['publisher-type', publisher?.type ?? null]], []),
        // Issued when its publisher (the portal's: its first publisher) was registered: DCAT-AP recommends the date.
        publisher === null ? firstPublisherCreated(db) : publisher.created_at
      ])
      const portal: AgentView = {
        uri: `${config.publicUrl}/#portal`,
        name: config.catalog.publisherName,
        type: null,
        homepage: config.catalog.homepage ?? null,
        email: null
      }
      return {
        uri: publisher === null ? `${config.publicUrl}/catalog` : `${config.publicUrl}/publishers/${encodeURIComponent(publisher.id)}/catalog`,
        title: publisher === null ? config.catalog.title : `${config.catalog.title} — ${publisher.name}`,
        description: publisher === null ? config.catalog.description : `${config.catalog.description} (${publisher.name})`,
        publisher: publisher === null ? portal : agent(publisher),
        homepage: config.catalog.homepage ?? null,
        language: concepts([concept('language', 'FRA')]),
        licence: null,
        issued,
        modified
      }
    }
  }
}
