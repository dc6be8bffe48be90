// The plain views the DCAT-AP feed is built from: joined, already-resolved data with absolute URIs.
// Routes and repositories fill them; the mappers in this folder turn them into quads.

/** An entry of an EU authority table (file type, frequency, language, access right…). */
export interface ConceptView {
  code: string
  uri: string
}

/** A concept the feed must label itself (EU data theme, ADMS publisher type). */
export interface LabelledConceptView extends ConceptView {
  labelFr: string
}

export interface LicenceView {
  uri: string
  /** The title data.gouv.fr knows, written as `rdfs:label`: udata matches licences on it. */
  title: string
  /** ADMS licence types, local names under http://purl.org/adms/licencetype/ (`Attribution`…). */
  types?: readonly string[] | undefined
}

export interface AgentView {
  uri: string
  name: string
  /** ADMS publisher type, e.g. `LocalAuthority`. */
  type: LabelledConceptView | null
  homepage: string | null
  email: string | null
}

export interface PublisherView extends AgentView {
  id: string
}

export interface ContactPointView {
  name: string | null
  email: string | null
  url: string | null
}

export interface TemporalView {
  /** `YYYY-MM-DD` */
  start: string | null
  /** `YYYY-MM-DD` */
  end: string | null
}

export interface SpatialView {
  /** [west, south, east, north] in WGS 84 longitude/latitude. */
  bbox: readonly [number, number, number, number] | null
  /** A place IRI (INSEE, GeoNames, EU country…). */
  uri: string | null
}

export interface DistributionView {
  id: string
  uri: string
  title: string
  description: string | null
  accessUrl: string | null
  downloadUrl: string | null
  /** IANA media type, e.g. `text/csv`; parameters are ignored. */
  mediaType: string | null
  format: ConceptView | null
  byteSize: number | null
  /** Lowercase or uppercase hexadecimal sha256 of the file. */
  checksumSha256: string | null
  /** Falls back to the dataset's licence when null. */
  licence: LicenceView | null
  issued: Date | null
  modified: Date
}

export interface DatasetView {
  id: string
  uri: string
  /** The one `dct:identifier` (defaults to the URI upstream). */
  identifier: string
  title: string
  /** Markdown. */
  description: string
  keywords: readonly string[]
  themes: readonly LabelledConceptView[]
  licence: LicenceView | null
  accessRights: ConceptView
  frequency: ConceptView | null
  temporal: TemporalView | null
  spatial: SpatialView | null
  landingPage: string
  contactPoint: ContactPointView | null
  language: readonly ConceptView[]
  conformsTo: readonly string[]
  version: string | null
  issued: Date | null
  modified: Date
  publisher: PublisherView
  distributions: readonly DistributionView[]
  /** The last computed MQA measurements; absent when not scored yet (or not asked for). */
  quality?: QualityView | null | undefined
}

/** A dataset's MQA measurements, as `dqv:QualityMeasurement`s of the piveau metrics (`pv:`). */
export interface QualityView {
  /** The total (`pv:scoring`) and each dimension's points (`pv:findabilityScoring`…). */
  scores: ReadonlyArray<{ metric: string, value: number }>
  /** Each measured indicator: met or not, on the dataset or on the distribution scored. */
  indicators: ReadonlyArray<{ metric: string, distribution: string | null, value: boolean }>
}

export interface CatalogView {
  uri: string
  title: string
  description: string
  publisher: AgentView
  homepage: string | null
  language: readonly ConceptView[]
  licence: LicenceView | null
  issued: Date | null
  modified: Date | null
}

/** One page of a paged catalogue, as `hydra:PartialCollectionView`. All URLs absolute. */
export interface PageView {
  url: string
  firstUrl: string
  /** Null on the last page: harvesters stop when `hydra:next` is absent. */
  nextUrl: string | null
  totalItems: number
}
