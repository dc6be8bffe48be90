// What both source readers hand the writer: one dataset as Bastille will store it (API-shaped bodies,
// already checked), with what is needed to download its files and to record where it came from.
import type { CreateDataset } from '../schemas/dataset.js'
import type { CreateDistribution } from '../schemas/distribution.js'

/** Bytes the source hosts, to download into storage. */
export interface SourceFile {
  url: string
  /** Sent with the download (a CKAN token goes only to the CKAN site's own origin). */
  headers: Record<string, string>
  /** Changes when the source's file changes (URL, size, hash, last modified): decides a new download. */
  marker: string
  /** A sha256 the source declares, checked against the bytes. */
  sha256: string | null
  /** A size the source declares, checked against the bytes. */
  size: number | null
}

export interface ImportedDistribution {
  /** The source's key for it: CKAN resource id, DCAT node URI or URL. */
  sourceId: string
  /** The id it should keep in Bastille (a CKAN resource UUID), when free. */
  id: string | null
  body: CreateDistribution
  file: SourceFile | null
  modified: string | null
}

export interface ImportedDataset {
  /** The source's key: CKAN package id, DCAT identifier or node URI. */
  sourceId: string
  /** The id it should keep in Bastille (a CKAN package UUID), when free. */
  id: string | null
  /** The slug it should have (a CKAN name); null: made from the title, kept once made. */
  slug: string | null
  publisher: string
  /** Everything but slug and publisher, which the writer settles. */
  body: Omit<CreateDataset, 'slug' | 'publisher'>
  modified: string | null
  /** The source's own change stamp (CKAN metadata_modified), kept so a re-run can skip unchanged records unread. */
  sourceModified?: string
  /** legacy_groups ids the dataset belongs to. */
  groups: string[]
  distributions: ImportedDistribution[]
  /** The source's record as fetched, kept in dataset_provenance. */
  raw: unknown
  /** What was imported differently from the source. */
  warnings: string[]
}
